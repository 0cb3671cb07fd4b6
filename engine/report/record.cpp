#include "report/record.h"

#include "common/json_file.h"
#include "common/sha256.h"
#include "version.h"

#include <Poco/Exception.h>
#include <Poco/JSON/Stringifier.h>

#include <algorithm>
#include <sstream>

namespace impact::report {

namespace {

const char* const kAbout = "Written by 'impact report' with the PDFs in this folder: each one's SHA-256 and whether a "
                           "pupil's name was found in its text. 'impact send' sends only a PDF listed here, unchanged, "
                           "with no name found.";

/// o[key] as text, "" when it is absent; anything else is not a record.
std::string textOf(const Poco::JSON::Object::Ptr& o, const std::string& key) {
    Poco::Dynamic::Var v = o->get(key);
    if (v.isEmpty()) return "";
    if (!v.isString()) throw Poco::DataFormatException("\"" + key + "\" is not text");
    return v.extract<std::string>();
}

} // namespace

const RecordEntry* Record::find(const std::string& file) const {
    for (const auto& e : reports)
        if (e.file == file) return &e;
    return nullptr;
}

std::string recordText(const std::vector<ReportFile>& files) {
    using Poco::JSON::Object;
    Object::Ptr root = new Object(Poco::JSON_PRESERVE_KEY_ORDER);
    root->set("about", std::string(kAbout));
    root->set("impact", std::string(kVersion));
    Poco::JSON::Array::Ptr list = new Poco::JSON::Array;
    for (const auto& f : files) {
        Object::Ptr item = new Object(Poco::JSON_PRESERVE_KEY_ORDER);
        item->set("file", f.name);
        item->set("audience", f.audience);
        item->set("sha256", sha256Hex(std::string_view(reinterpret_cast<const char*>(f.pdf.data()), f.pdf.size())));
        item->set("names_check", std::string(f.pupilNames.empty() ? "passed" : "failed"));
        item->set("pupil_names_found", f.pupilNames.size());
        list->add(item);
    }
    root->set("reports", list);
    std::ostringstream out;
    Poco::JSON::Stringifier::stringify(root, out, 2);
    return out.str() + "\n";
}

Record parseRecord(const std::string& text, const std::string& path) {
    Record record;
    JsonParsed parsed = parseJson(text);
    Poco::JSON::Object::Ptr root;
    if (!parsed.problem && parsed.value.type() == typeid(Poco::JSON::Object::Ptr))
        root = parsed.value.extract<Poco::JSON::Object::Ptr>();
    try {
        Poco::JSON::Array::Ptr list = root ? root->getArray("reports") : nullptr;
        if (!list) throw Poco::DataFormatException("no list of reports");
        record.version = textOf(root, "impact");
        for (std::size_t i = 0; i < list->size(); ++i) {
            Poco::JSON::Object::Ptr item = list->getObject(static_cast<unsigned>(i));
            if (!item) continue;
            RecordEntry e;
            e.file = textOf(item, "file");
            e.sha256 = textOf(item, "sha256");
            e.audience = textOf(item, "audience");
            // Anything but a check that passed counts as names found: no record passes a PDF by accident.
            bool passed = textOf(item, "names_check") == "passed";
            e.pupilNames = passed ? 0 : std::max<std::size_t>(1, item->optValue<std::size_t>("pupil_names_found", 1));
            if (!e.file.empty()) record.reports.push_back(std::move(e));
        }
    } catch (const Poco::Exception&) {
        record.reports.clear();
        record.problem = path + " cannot be read as the record 'impact report' writes";
    }
    return record;
}

} // namespace impact::report
