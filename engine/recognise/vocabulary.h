// The domain's words as data: header vocabularies, kinds of sheet, scales, categories, sectors,
// register marks, yes/no and timepoint words. Loaded from templates/data/*.json.
#pragma once

#include "model/kinds.h"

#include <algorithm>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace impact::recognise {

struct Category {
    int id = 0;
    std::string name, shortName;
    std::vector<std::string> names; ///< normalised words that mean this category
};

struct SuggestRule {
    int category = 0;
    std::vector<std::string> respondents, phrases;
};

struct Scale {
    std::string id, name;
    std::string family;                           ///< scales of the same labels with and without a middle point ("agreement")
    std::vector<std::vector<std::string>> labels; ///< per point (1 = most negative), folded words
    int min = 1, max = 5;                         ///< points; numeric scales use their own range
    bool numeric = false;
    int points() const { return max - min + 1; }
};

struct KindSpec {
    model::SheetKind kind = model::SheetKind::None;
    std::vector<std::vector<std::string>> required; ///< each group needs one of its fields
    std::vector<std::string> optional, forbidden;
    /// Fields no other kind has: a header row with no rows under it is this kind's only if at
    /// least two of them are named exactly (the survey's respondent type, before/after, ...).
    std::vector<std::string> identifying;
    /// A field's header words on this kind, where the kind adds to the field's own ("ID").
    std::map<std::string, std::vector<std::string>> fieldWords;
};

class Vocabulary {
public:
    /// Loads every file from `dir` (templates/data). Throws impact::Error naming the file and
    /// what is wrong.
    static Vocabulary load(const std::string& dir);
    /// The vocabulary from the templates folder (templatesDir()/data), loaded once.
    static const Vocabulary& standard();

    std::map<std::string, std::vector<std::string>> fields;   ///< field → normalised header phrases
    std::vector<KindSpec> kinds;                              ///< in order of precedence
    std::map<std::string, std::vector<std::string>> settings; ///< setting → normalised key phrases
    std::map<std::string, std::vector<std::string>> signals;  ///< field → words that decide it in any header
    std::vector<Scale> scales;
    std::vector<Category> categories;
    std::vector<SuggestRule> suggest;

    bool isYes(std::string_view text) const { return has(yes_, text); }
    bool isNo(std::string_view text) const { return has(no_, text); }
    bool isPresentMark(std::string_view text) const { return has(present_, text); }
    bool isAbsentMark(std::string_view text) const { return has(absent_, text); }
    bool isTotalsLabel(std::string_view text) const { return has(totals_, text); }
    /// Before or After for a timepoint word, else None.
    model::Timepoint timepointOf(std::string_view text) const { return model::timepointFromName(timepoints_.of(text)); }
    const std::vector<std::string>& timepointWords() const { return allTimepointWords_; }
    /// Monday, "Tue", "weds"...: a day of the week, not a date.
    bool isWeekday(std::string_view text) const { return hasNormalised(weekdays_, text); }
    /// A word that numbers points in time ("Week" in "Week 6", "Term", "Wave", "T").
    bool isSequenceWord(std::string_view normalisedWord) const {
        return std::find(timepointSequence_.begin(), timepointSequence_.end(), normalisedWord) != timepointSequence_.end();
    }
    /// The month of the academic year a normalised text names (0 = September ... 11 = August):
    /// "Sept", "Autumn 2024", "Summer term".
    std::optional<int> calendarIndex(std::string_view normalisedWords) const;
    /// Pupil premium status as typed in a pupil premium column: Y/N words, and "PP", "FSM",
    /// "Non-PP". Empty if unknown.
    std::optional<bool> pupilPremiumOf(std::string_view text) const;
    /// What a register's legend says a mark means: present (true), absent (false) or neither.
    std::optional<bool> legendMeaning(std::string_view text) const;
    /// An amount written in words or not known yet: "five hundred pounds", "£2k?", "TBC".
    bool isMoneyInWords(std::string_view text) const;
    /// "project", "comparison" or "".
    std::string groupOf(std::string_view text) const { return groups_.of(text); }
    /// "pupil", "teacher", "parent", "school" or "".
    std::string respondentTypeOf(std::string_view text) const { return respondentTypes_.of(text); }
    /// A sector word ("state", "independent", ...) or "".
    std::string sectorOf(std::string_view text) const;
    /// Whether the whole text is a sector's word ("Independent", "State school"), not a name
    /// that holds one ("Fulford Vale Academy").
    bool isSectorWord(std::string_view text) const { return !sectors_.of(text).empty(); }
    /// "cash", "in_kind" or "".
    std::string contributionKindOf(std::string_view text) const;
    /// The category a cell means: "4", "Teacher skills", "Changes in teacher skills"...
    std::optional<int> categoryOf(std::string_view text) const;
    const Category* category(int id) const;
    const Scale* scale(std::string_view id) const;

private:
    /// values.json: the words that mean yes, no, present, absent, a timepoint, a sector...
    void loadValues(const std::string& dir);
    static bool has(const std::vector<std::string>& words, std::string_view text);
    static bool hasNormalised(const std::vector<std::string>& words, std::string_view text);
    /// Words by group ("before": [...], "after": [...]), looked up by a cell's text: the first
    /// group (in name order) with a word equal to the text folded, or normalised. Indexed once at
    /// load, because every cell of every profiled column asks.
    class WordGroups {
    public:
        WordGroups() = default;
        explicit WordGroups(std::map<std::string, std::vector<std::string>> groups);
        const std::map<std::string, std::vector<std::string>>& groups() const { return groups_; }
        std::string of(std::string_view text) const;

    private:
        std::map<std::string, std::vector<std::string>> groups_;
        std::unordered_map<std::string, std::string> byFolded_, byNormalised_;
    };
    std::vector<std::string> yes_, no_, present_, absent_, totals_, allTimepointWords_;
    std::vector<std::string> moneyWords_;
    std::vector<std::string> weekdays_, timepointSequence_, pupilPremiumYes_, pupilPremiumNo_, legendPresent_, legendAbsent_;
    std::vector<std::vector<std::string>> calendar_;
    WordGroups timepoints_, groups_, respondentTypes_, sectors_, contributionKinds_;
    std::vector<std::pair<std::string, std::string>> sectorPhrases_; ///< normalised word → sector, for words within names
};

} // namespace impact::recognise
