#include "init/drop_downs.h"

#include "common/error.h"
#include "common/json_file.h"
#include "common/paths.h"

#include <cctype>

namespace impact::init {

using Poco::JSON::Array;
using Poco::JSON::Object;

namespace {

/// A data file of templates/data, its keys in the file's order (the lists keep that order).
JsonFile dataFile(const std::string& path) {
    return JsonFile(path, "Check the path, or reinstall Impact to restore its templates.", JsonKeyOrder::FileOrder);
}

/// The word a drop-down shows for a group of synonyms: its first word longer than one letter
/// ("y", "yes", ... → "Yes"); the data files list the usual word first.
std::string shownWord(const JsonFile& file, const std::vector<std::string>& group, const std::string& where) {
    for (const auto& w : group)
        if (w.size() > 1) return capitalised(w);
    file.fail(where + " needs at least one word longer than one letter");
}

/// A drop-down with one word per group of an object of groups ("sectors": {"state": [...], ...}).
DropDown fromGroups(const JsonFile& file, const std::string& key) {
    DropDown d;
    Object::Ptr groups = file.object(file.root(), key, "the file");
    for (const auto& name : groups->getNames()) {
        if (!groups->isArray(name)) file.fail("\"" + key + "\": \"" + name + "\" must be a list of words");
        d.words.push_back(shownWord(file, file.strings(groups->getArray(name), key + "." + name), "\"" + key + "\": \"" + name + "\""));
    }
    return d;
}

} // namespace

std::string capitalised(std::string word) {
    for (char& c : word)
        if (std::isalpha(static_cast<unsigned char>(c))) {
            c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
            break;
        } else if (static_cast<unsigned char>(c) >= 0x80) {
            break;
        }
    return word;
}

DropDowns DropDowns::load(const std::string& dataDir) {
    DropDowns out;
    try {
        JsonFile values = dataFile(pathIn(dataDir, "values.json"));
        for (const char* key : {"sectors", "contribution_kinds", "timepoints", "respondent_types"}) out.lists_[key] = fromGroups(values, key);
        DropDown yesNo;
        for (const char* key : {"yes", "no"})
            yesNo.words.push_back(shownWord(values, values.strings(values.array(values.root(), key, "the file"), key), std::string("\"") + key + "\""));
        out.lists_["yes_no"] = yesNo;

        JsonFile cats = dataFile(pathIn(dataDir, "categories.json"));
        DropDown categories;
        Array::Ptr list = cats.array(cats.root(), "categories", "the file");
        std::size_t n = 0;
        for (const Object::Ptr& c : cats.objects(list, "\"categories\""))
            categories.words.push_back(cats.string(c, "name", "category " + std::to_string(++n)));
        out.lists_["categories"] = categories;

        JsonFile scales = dataFile(pathIn(dataDir, "scales.json"));
        DropDown names;
        Array::Ptr labelled = scales.array(scales.root(), "scales", "the file");
        n = 0;
        for (const Object::Ptr& s : scales.objects(labelled, "\"scales\"")) {
            std::string id = scales.string(s, "id", "scale " + std::to_string(++n));
            names.words.push_back(scales.string(s, "name", "scale \"" + id + "\""));
            DropDown labels;
            Array::Ptr points = scales.array(s, "labels", "scale \"" + id + "\"");
            for (std::size_t p = 0; p < points->size(); ++p) {
                Array::Ptr words = points->getArray(static_cast<unsigned>(p));
                if (!words) scales.fail("scale \"" + id + "\": each point's labels must be a list");
                labels.words.push_back(shownWord(scales, scales.strings(words, "scale \"" + id + "\""), "scale \"" + id + "\" point " + std::to_string(p + 1)));
            }
            out.lists_["scale:" + id] = labels;
        }
        Array::Ptr numeric = scales.array(scales.root(), "numeric", "the file");
        n = 0;
        for (const Object::Ptr& s : scales.objects(numeric, "\"numeric\"")) {
            std::string id = scales.string(s, "id", "numeric scale " + std::to_string(++n));
            names.words.push_back(scales.string(s, "name", "scale \"" + id + "\""));
            DropDown range;
            range.numeric = true;
            range.min = s->optValue<int>("min", 0);
            range.max = s->optValue<int>("max", 0);
            if (range.max <= range.min) scales.fail("scale \"" + id + "\" needs \"min\" below \"max\"");
            out.lists_["scale:" + id] = range;
        }
        out.lists_["scale_names"] = names;
    } catch (const Poco::Exception& e) {
        throw ReadError(dataDir + ": a templates data file is malformed (" + e.displayText() + "). Restore it from the release.");
    }
    return out;
}

const DropDown* DropDowns::find(const std::string& id) const {
    auto it = lists_.find(id);
    return it == lists_.end() ? nullptr : &it->second;
}

std::string DropDowns::ids() const {
    std::string out;
    for (const auto& [id, list] : lists_) out += (out.empty() ? "" : ", ") + id;
    return out;
}

} // namespace impact::init
