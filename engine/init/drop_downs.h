// The drop-down lists of a new workbook, taken from the vocabulary in templates/data, so that
// every word a coordinator can choose is one `impact check` recognises.
#pragma once

#include <map>
#include <string>
#include <vector>

namespace impact::init {

/// One drop-down: a list of words, or (for a numeric scale) whole numbers from min to max.
struct DropDown {
    std::vector<std::string> words;
    bool numeric = false;
    int min = 0, max = 0;
};

class DropDowns {
public:
    /// Reads values.json, scales.json and categories.json from `dataDir` (templates/data).
    /// The lists: sectors, contribution_kinds, yes_no, timepoints, respondent_types (each group's
    /// first word longer than one letter, with a capital: "State", "In kind", "Yes", "School lead"),
    /// categories (the six canonical names), scale_names (every scale's name) and scale:ID (the
    /// scale's first label for each point, most negative first). Throws ReadError naming the file.
    static DropDowns load(const std::string& dataDir);

    /// The list called `id`, or nullptr.
    const DropDown* find(const std::string& id) const;
    /// Every list's id, for error messages.
    std::string ids() const;

private:
    std::map<std::string, DropDown> lists_;
};

/// "in kind" → "In kind" (the first ASCII letter made a capital).
std::string capitalised(std::string word);

} // namespace impact::init
