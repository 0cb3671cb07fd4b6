#include "report/report_template.h"

#include "common/error.h"
#include "common/json_file.h"
#include "common/paths.h"
#include "common/text.h"

#include <algorithm>

namespace impact::report {

namespace {

using Poco::JSON::Array;
using Poco::JSON::Object;

/// A report template: JsonFile reads it; its mistakes are reported "PATH:LINE: what".
class TemplateFile {
public:
    explicit TemplateFile(const std::string& path) : file_(path, "Check the path given to --template.") {}
    Object::Ptr root() const { return file_.root(); }
    [[noreturn]] void fail(const std::string& needle, const std::string& what) const {
        int line = file_.lineOf(needle);
        throw Error(file_.path() + ":" + std::to_string(line > 0 ? line : 1) + ": " + what, kExitInputUnreadable);
    }
    std::string string(Object::Ptr o, const std::string& key, bool required) const {
        if (!o->has(key)) {
            if (required) fail("{", "the template needs \"" + key + "\"");
            return {};
        }
        if (!o->get(key).isString()) fail("\"" + key + "\"", "\"" + key + "\" must be text in quotes");
        return o->getValue<std::string>(key);
    }

private:
    JsonFile file_;
};

Rgb parseColour(const TemplateFile& f, const std::string& value) {
    if (value.size() != 7 || value[0] != '#') f.fail(value, "colour \"" + value + "\" must be written #RRGGBB, e.g. #1F3864");
    int v[6];
    for (int i = 0; i < 6; ++i)
        if ((v[i] = hexDigitValue(value[static_cast<std::size_t>(i + 1)])) < 0) f.fail(value, "colour \"" + value + "\" must be written #RRGGBB");
    return {static_cast<float>(v[0] * 16 + v[1]) / 255.f, static_cast<float>(v[2] * 16 + v[3]) / 255.f,
            static_cast<float>(v[4] * 16 + v[5]) / 255.f};
}

} // namespace

const std::vector<std::string>& sectionTypes() {
    static const std::vector<std::string> types = {"headline", "categories", "reach", "equity", "money", "next_steps",
                                                   "quotes", "outcomes", "contribution", "delivered", "method", "text"};
    return types;
}

const std::vector<std::string>& headlineFigures() {
    static const std::vector<std::string> figures = {"pupils", "schools", "sessions", "attendances", "pupil_premium_share",
                                                     "pupil_premium_pupils", "total_contributions", "cash_total",
                                                     "in_kind_total", "cost_per_pupil", "activities"};
    return figures;
}

std::string ReportTemplate::word(const std::string& key, const std::string& fallback) const {
    auto it = wording.find(key);
    return it == wording.end() ? fallback : it->second;
}

Rgb ReportTemplate::colour(const std::string& key) const {
    auto it = colours.find(key);
    return it == colours.end() ? Rgb{0.15f, 0.15f, 0.15f} : it->second;
}

ReportTemplate loadTemplate(const std::string& path) {
    TemplateFile f(path);
    Object::Ptr root = f.root();
    ReportTemplate t;
    t.path = path;
    t.name = f.string(root, "name", true);
    t.audience = f.string(root, "audience", true);
    if (t.audience != "governors" && t.audience != "funder")
        f.fail("\"audience\"", "\"audience\" must be \"governors\" or \"funder\", not \"" + t.audience + "\"");
    if (root->has("max_pages")) {
        if (!root->get("max_pages").isInteger()) f.fail("\"max_pages\"", "\"max_pages\" must be a whole number");
        t.maxPages = root->getValue<int>("max_pages");
    }
    t.fileName = f.string(root, "file_name", true);
    if (t.fileName.find('/') != std::string::npos || t.fileName.find('\\') != std::string::npos)
        f.fail("\"file_name\"", "\"file_name\" must be a file name, not a path");
    t.title = f.string(root, "title", true);
    t.subtitle = f.string(root, "subtitle", false);
    t.logo = f.string(root, "logo", false);
    if (root->has("colours")) {
        if (!root->isObject("colours")) f.fail("\"colours\"", "\"colours\" must be an object");
        Object::Ptr c = root->getObject("colours");
        for (const auto& key : c->getNames()) {
            if (key == "scale") {
                if (!c->isArray("scale")) f.fail("\"scale\"", "\"scale\" must be a list of colours");
                Array::Ptr a = c->getArray("scale");
                for (std::size_t i = 0; i < a->size(); ++i) t.scale.push_back(parseColour(f, a->getElement<std::string>(static_cast<unsigned>(i))));
            } else {
                t.colours[key] = parseColour(f, c->getValue<std::string>(key));
            }
        }
    }
    if (root->has("headline")) {
        if (!root->isArray("headline")) f.fail("\"headline\"", "\"headline\" must be a list of figures");
        Array::Ptr a = root->getArray("headline");
        for (std::size_t i = 0; i < a->size(); ++i) {
            std::string id = a->getElement<std::string>(static_cast<unsigned>(i));
            const auto& known = headlineFigures();
            if (std::find(known.begin(), known.end(), id) == known.end()) {
                std::string list;
                for (const auto& k : known) list += (list.empty() ? "" : ", ") + k;
                f.fail("\"" + id + "\"", "unknown headline figure \"" + id + "\"; use one of: " + list);
            }
            t.headline.push_back(id);
        }
    }
    if (!root->has("sections") || !root->isArray("sections")) f.fail("{", "the template needs a list \"sections\"");
    Array::Ptr sections = root->getArray("sections");
    for (std::size_t i = 0; i < sections->size(); ++i) {
        if (!sections->isObject(static_cast<unsigned>(i))) f.fail("\"sections\"", "each section must be an object {\"type\": ...}");
        Object::Ptr s = sections->getObject(static_cast<unsigned>(i));
        Section sec;
        sec.type = f.string(s, "type", true);
        const auto& types = sectionTypes();
        if (std::find(types.begin(), types.end(), sec.type) == types.end()) {
            std::string list;
            for (const auto& k : types) list += (list.empty() ? "" : ", ") + k;
            f.fail("\"" + sec.type + "\"", "unknown section type \"" + sec.type + "\"; use one of: " + list);
        }
        sec.heading = f.string(s, "heading", false);
        sec.text = f.string(s, "text", false);
        t.sections.push_back(std::move(sec));
    }
    if (root->has("wording")) {
        Object::Ptr w = root->getObject("wording");
        for (const auto& key : w->getNames()) t.wording[key] = f.string(w, key, true);
    }
    if (root->has("method")) {
        Array::Ptr a = root->getArray("method");
        for (std::size_t i = 0; i < a->size(); ++i) t.method.push_back(a->getElement<std::string>(static_cast<unsigned>(i)));
    }
    return t;
}

std::string standardTemplatePath(const std::string& name) { return pathIn(templatesDir(), "reports/" + name + ".json"); }

std::string fill(std::string text, const std::map<std::string, std::string>& values) {
    for (const auto& [key, value] : values) {
        std::string token = "{" + key + "}";
        for (std::size_t at; (at = text.find(token)) != std::string::npos;) text.replace(at, token.size(), value);
    }
    return text;
}

} // namespace impact::report
