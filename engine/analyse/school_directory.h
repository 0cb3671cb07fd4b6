// Which school a name means, and its sector: the schools sheet first, then the name's own words.
#pragma once

#include "model/records.h"
#include "recognise/vocabulary.h"

#include <string>
#include <unordered_map>
#include <vector>

namespace impact::analyse {

class SchoolDirectory {
public:
    SchoolDirectory(const model::WorkbookModel& model, const recognise::Vocabulary& vocab);
    /// The school's name as the schools sheet writes it; a name that looks like a typo of one
    /// (the school-name-typo warning) counts as that school. Other names are kept, trimmed.
    std::string canonical(const std::string& name) const;
    /// The sector of a school or contributor: schools sheet, else a sector column beside it in
    /// any sheet (attendance, contributions), else words in its name, else "other".
    std::string sector(const std::string& name) const;
    const model::School* find(const std::string& name) const;

private:
    const model::School* search(const std::string& name) const;

    const model::WorkbookModel& model_;
    const recognise::Vocabulary& vocab_;
    // Why a cache: analyse asks about the same few dozen names once per attendance row, and
    // each question folds and compares text. The schools' keys are folded once, here; each
    // distinct name's answers are worked out once (the model does not change meanwhile).
    std::vector<std::string> keys_;
    mutable std::unordered_map<std::string, const model::School*> found_;
    mutable std::unordered_map<std::string, std::string> canonical_, sector_;
};

} // namespace impact::analyse
