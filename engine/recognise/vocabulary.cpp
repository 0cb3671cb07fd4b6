#include "recognise/vocabulary.h"

#include "common/error.h"
#include "common/json_file.h"
#include "common/paths.h"
#include "common/unicode_text.h"

#include <mutex>

namespace impact::recognise {

namespace {

using Poco::JSON::Array;
using Poco::JSON::Object;

/// A templates/data file; the checks common to every JSON file Impact reads are JsonFile's.
class DataFile : public JsonFile {
public:
    DataFile(const std::string& dir, const std::string& name)
        : JsonFile(pathIn(dir, name), "Reinstall Impact or set IMPACT_TEMPLATES to its templates folder.") {}
    std::vector<std::string> strings(Array::Ptr a, bool normalised) const {
        std::vector<std::string> out;
        for (std::size_t i = 0; i < a->size(); ++i) {
            std::string s = a->getElement<std::string>(static_cast<unsigned>(i));
            out.push_back(normalised ? normalise(s) : fold(s));
        }
        return out;
    }
    std::map<std::string, std::vector<std::string>> groups(Object::Ptr parent, const std::string& key, bool normalised) const {
        std::map<std::string, std::vector<std::string>> out;
        Object::Ptr o = object(parent, key);
        for (const auto& name : o->getNames()) out[name] = strings(o->getArray(name), normalised);
        return out;
    }
};

/// A kind of sheet from its entry `k` in headers.json "kinds": the fields it needs, may have and
/// must not have, and the header words it adds to fields (`fields`, defined before the kinds).
KindSpec kindSpec(const DataFile& headers, const std::string& name, const Object::Ptr& k,
                  const std::map<std::string, std::vector<std::string>>& fields) {
    KindSpec spec;
    std::optional<model::SheetKind> kind = model::sheetKindFromName(name);
    if (!kind || *kind == model::SheetKind::Partnership || *kind == model::SheetKind::Columns || *kind == model::SheetKind::Skipped)
        headers.fail("\"kinds\" names \"" + name + "\", which is not a kind of sheet Impact reads", "\"" + name + "\"", "\"kinds\"");
    spec.kind = *kind;
    Array::Ptr req = headers.array(k, "required");
    for (std::size_t i = 0; i < req->size(); ++i) spec.required.push_back(headers.strings(req->getArray(static_cast<unsigned>(i)), false));
    if (k->has("optional")) spec.optional = headers.strings(k->getArray("optional"), false);
    if (k->has("forbidden")) spec.forbidden = headers.strings(k->getArray("forbidden"), false);
    if (k->has("identifying")) spec.identifying = headers.strings(k->getArray("identifying"), false);
    if (k->has("extra_words")) {
        Object::Ptr extra = headers.object(k, "extra_words");
        for (const auto& field : extra->getNames()) {
            if (!fields.count(field)) headers.fail("kind \"" + name + "\" adds words to the unknown field \"" + field + "\"");
            std::vector<std::string> words = fields.at(field);
            for (const auto& w : headers.strings(extra->getArray(field), true)) words.push_back(w);
            spec.fieldWords[field] = std::move(words);
        }
    }
    for (const auto& group : spec.required)
        for (const auto& f : group)
            if (!fields.count(f)) headers.fail("kind \"" + name + "\" needs field \"" + f + "\", which \"fields\" does not define");
    return spec;
}

/// headers.json: the fields' header words, the settings' keys, the signal words and the kinds.
void loadHeaders(const std::string& dir, Vocabulary& v) {
    DataFile headers(dir, "headers.json");
    v.fields = headers.groups(headers.root(), "fields", true);
    v.settings = headers.groups(headers.root(), "settings", true);
    if (headers.root()->has("signals")) {
        Object::Ptr sig = headers.object(headers.root(), "signals");
        for (const auto& name : sig->getNames())
            if (name[0] != '_') v.signals[name] = headers.strings(sig->getArray(name), true);
    }
    Object::Ptr kinds = headers.object(headers.root(), "kinds");
    for (const auto& name : kinds->getNames()) v.kinds.push_back(kindSpec(headers, name, kinds->getObject(name), v.fields));
}

/// What every scale in scales.json has, labelled or numeric: its id, name and family.
Scale namedScale(const Object::Ptr& s) {
    Scale scale;
    scale.id = s->getValue<std::string>("id");
    scale.name = s->getValue<std::string>("name");
    if (s->has("family")) scale.family = s->getValue<std::string>("family");
    return scale;
}

/// scales.json: the answer scales, labelled ("Agree"...) then numeric (1 to 10...).
std::vector<Scale> loadScales(const std::string& dir) {
    std::vector<Scale> out;
    DataFile scales(dir, "scales.json");
    Array::Ptr list = scales.array(scales.root(), "scales");
    for (const Object::Ptr& s : scales.objects(list, "\"scales\"")) {
        Scale scale = namedScale(s);
        Array::Ptr labels = scales.array(s, "labels");
        for (std::size_t p = 0; p < labels->size(); ++p)
            scale.labels.push_back(scales.strings(labels->getArray(static_cast<unsigned>(p)), false));
        scale.min = 1;
        scale.max = static_cast<int>(scale.labels.size());
        out.push_back(std::move(scale));
    }
    Array::Ptr numeric = scales.array(scales.root(), "numeric");
    for (const Object::Ptr& s : scales.objects(numeric, "\"numeric\"")) {
        Scale scale = namedScale(s);
        scale.min = s->getValue<int>("min");
        scale.max = s->getValue<int>("max");
        scale.numeric = true;
        if (scale.max <= scale.min) scales.fail("scale \"" + scale.id + "\" has max <= min");
        out.push_back(std::move(scale));
    }
    return out;
}

/// categories.json: the six impact categories and the rules that suggest one for a question.
void loadCategories(const std::string& dir, Vocabulary& v) {
    DataFile cats(dir, "categories.json");
    Array::Ptr cl = cats.array(cats.root(), "categories");
    for (const Object::Ptr& c : cats.objects(cl, "\"categories\"")) {
        Category cat;
        cat.id = c->getValue<int>("id");
        cat.name = c->getValue<std::string>("name");
        cat.shortName = c->getValue<std::string>("short");
        cat.names = cats.strings(cats.array(c, "names"), true);
        cat.names.push_back(normalise(cat.name));
        cat.names.push_back(normalise(cat.shortName));
        v.categories.push_back(std::move(cat));
    }
    if (v.categories.size() != 6) cats.fail("must list the six impact categories");
    Array::Ptr sl = cats.array(cats.root(), "suggest");
    for (const Object::Ptr& r : cats.objects(sl, "\"suggest\"")) {
        SuggestRule rule;
        rule.category = r->getValue<int>("category");
        rule.respondents = cats.strings(cats.array(r, "respondents"), false);
        rule.phrases = cats.strings(cats.array(r, "phrases"), false);
        v.suggest.push_back(std::move(rule));
    }
}

} // namespace

Vocabulary Vocabulary::load(const std::string& dir) {
    Vocabulary v;
    try {
        loadHeaders(dir, v);
        v.loadValues(dir);
        v.scales = loadScales(dir);
        loadCategories(dir, v);
    } catch (const Poco::Exception& e) {
        throw Error(dir + ": a templates data file is malformed (" + e.displayText() + ").", kExitInputUnreadable);
    }
    return v;
}

void Vocabulary::loadValues(const std::string& dir) {
    DataFile values(dir, "values.json");
    auto words = [&](const std::string& key, bool normalised) { return values.strings(values.array(values.root(), key), normalised); };
    auto groups = [&](const std::string& key) { return WordGroups(values.groups(values.root(), key, false)); };
    yes_ = words("yes", false);
    no_ = words("no", false);
    present_ = words("register_present", false);
    absent_ = words("register_absent", false);
    totals_ = words("totals", false);
    timepoints_ = groups("timepoints");
    for (const auto& [tp, tpWords] : timepoints_.groups())
        if (tp != "before" && tp != "after")
            values.fail("\"timepoints\" has \"" + tp + "\": its groups must be \"before\" and \"after\"", "\"" + tp + "\"",
                        "\"timepoints\"");
    groups_ = groups("groups");
    respondentTypes_ = groups("respondent_types");
    sectors_ = groups("sectors");
    contributionKinds_ = groups("contribution_kinds");
    for (const auto& [name, sectorWords] : sectors_.groups())
        for (const auto& w : sectorWords)
            if (w.size() > 3) sectorPhrases_.emplace_back(normalise(w), name);
    weekdays_ = words("weekdays", true);
    moneyWords_ = words("money_words", true);
    timepointSequence_ = words("timepoint_sequence", true);
    Array::Ptr calendar = values.array(values.root(), "timepoint_calendar");
    for (std::size_t i = 0; i < calendar->size(); ++i)
        calendar_.push_back(values.strings(calendar->getArray(static_cast<unsigned>(i)), true));
    pupilPremiumYes_ = words("pupil_premium_yes", true);
    pupilPremiumNo_ = words("pupil_premium_no", true);
    legendPresent_ = words("legend_present", true);
    legendAbsent_ = words("legend_absent", true);
    for (const auto& [tp, tpWords] : timepoints_.groups())
        allTimepointWords_.insert(allTimepointWords_.end(), tpWords.begin(), tpWords.end());
}

const Vocabulary& Vocabulary::standard() {
    // A function-local static, not std::call_once: a load that throws is tried again next time,
    // where MinGW's call_once would leave a process-wide lock held (engine/read/workbook.cpp).
    static const Vocabulary vocabulary = load(pathIn(templatesDir(), "data"));
    return vocabulary;
}

bool Vocabulary::has(const std::vector<std::string>& words, std::string_view text) {
    std::string f = fold(text);
    if (f.empty()) return false;
    return std::find(words.begin(), words.end(), f) != words.end();
}

Vocabulary::WordGroups::WordGroups(std::map<std::string, std::vector<std::string>> groups) : groups_(std::move(groups)) {
    // The first group in name order keeps a word both have, as a scan in that order finds it.
    for (const auto& [name, words] : groups_)
        for (const auto& w : words) {
            byFolded_.emplace(w, name);
            byNormalised_.emplace(normalise(w), name);
        }
}

std::string Vocabulary::WordGroups::of(std::string_view text) const {
    std::string f = fold(text);
    if (f.empty()) return {};
    auto folded = byFolded_.find(f);
    auto norm = byNormalised_.find(normalise(text));
    if (folded == byFolded_.end()) return norm == byNormalised_.end() ? std::string() : norm->second;
    if (norm == byNormalised_.end()) return folded->second;
    return std::min(folded->second, norm->second);
}

bool Vocabulary::hasNormalised(const std::vector<std::string>& words, std::string_view text) {
    std::string n = normalise(text);
    return !n.empty() && std::find(words.begin(), words.end(), n) != words.end();
}

bool Vocabulary::isMoneyInWords(std::string_view text) const {
    if (text.find("£") != std::string_view::npos) return true;
    std::string n = normalise(text);
    return std::any_of(moneyWords_.begin(), moneyWords_.end(), [&](const std::string& w) { return containsNormalisedWords(n, w); });
}

std::optional<bool> Vocabulary::pupilPremiumOf(std::string_view text) const {
    if (isYes(text) || hasNormalised(pupilPremiumYes_, text)) return true;
    if (isNo(text) || hasNormalised(pupilPremiumNo_, text)) return false;
    return std::nullopt;
}

std::optional<bool> Vocabulary::legendMeaning(std::string_view text) const {
    if (hasNormalised(legendPresent_, text)) return true;
    if (hasNormalised(legendAbsent_, text)) return false;
    return std::nullopt;
}

std::optional<int> Vocabulary::calendarIndex(std::string_view normalisedWords) const {
    for (std::size_t i = 0; i < calendar_.size(); ++i)
        for (const auto& w : calendar_[i])
            if (containsNormalisedWords(normalisedWords, w)) return static_cast<int>(i);
    return std::nullopt;
}

std::string Vocabulary::sectorOf(std::string_view text) const {
    std::string exact = sectors_.of(text);
    if (!exact.empty()) return exact;
    // "Bristol City Council", "University of Bristol", "Clifton College (independent)".
    std::string n = normalise(text);
    for (const auto& [phrase, name] : sectorPhrases_)
        if (containsNormalisedWords(n, phrase)) return name;
    return {};
}

std::string Vocabulary::contributionKindOf(std::string_view text) const {
    std::string exact = contributionKinds_.of(text);
    if (!exact.empty()) return exact;
    std::string n = normalise(text);
    if (containsNormalisedWords(n, "in kind") || containsNormalisedWords(n, "inkind")) return "in_kind";
    if (containsNormalisedWords(n, "cash")) return "cash";
    return {};
}

std::optional<int> Vocabulary::categoryOf(std::string_view text) const {
    std::string n = normalise(text);
    if (n.empty()) return std::nullopt;
    // "4", "4.", "Category 4", "4 - Teacher skills".
    std::string digits;
    for (char c : n)
        if (c >= '0' && c <= '9')
            digits += c;
        else if (!digits.empty())
            break;
    if (!digits.empty() && digits.size() <= 2) {
        int id = std::stoi(digits);
        if (n == digits || n == "category " + digits || n.rfind(digits + " ", 0) == 0) return id;
    }
    for (const auto& c : categories)
        for (const auto& name : c.names)
            if (name == n) return c.id;
    return std::nullopt;
}

const Category* Vocabulary::category(int id) const {
    for (const auto& c : categories)
        if (c.id == id) return &c;
    return nullptr;
}

const Scale* Vocabulary::scale(std::string_view id) const {
    for (const auto& s : scales)
        if (s.id == id) return &s;
    return nullptr;
}

} // namespace impact::recognise
