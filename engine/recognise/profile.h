// What a column's values say it holds: dates or weekdays, timepoint words, cash or in kind,
// yes/no marks, scale labels, emails, names... (SPEC "Column roles come from evidence"). The
// recogniser weighs this against the header's words, so that a header can be overruled by its
// values and a header in no word list can still be understood.
#pragma once

#include "read/grid.h"
#include "recognise/vocabulary.h"

#include <cstdint>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

namespace impact::recognise {

/// Counts over a column's filled cells under a header.
struct ColumnProfile {
    std::size_t rows = 0;          ///< rows looked at
    std::size_t filled = 0;        ///< of which not blank
    std::size_t numbers = 0;       ///< numbers, or amounts typed as text ("£2,000")
    std::size_t dates = 0;         ///< date cells and dates typed as text
    std::size_t before = 0, after = 0; ///< timepoint words (Before, Post, Baseline...)
    std::size_t cash = 0, inKind = 0;  ///< contribution kind words
    std::size_t yesNo = 0;         ///< yes/no words, 1/0, "PP"
    std::size_t marks = 0;         ///< register marks
    std::size_t scaleLabels = 0;   ///< labels of a known answer scale
    std::size_t emails = 0;
    std::size_t names = 0;         ///< one to four words of letters: "Amy Khan", "Mr Patel"
    std::size_t sectors = 0;       ///< sector words, alone or opening or closing the text: State, Independent (fee-paying)
    std::size_t moneyWords = 0;    ///< an amount in words: "five hundred pounds", "£TBC"
    std::size_t sectorWords = 0;   ///< nothing but a sector's word: State, Independent, University
    /// Distinct values, folded, in order of first appearance (at most kMaxDistinct kept).
    std::vector<std::string> distinct;
    std::vector<std::string> shown; ///< each distinct value as first written (trimmed)
    bool moreDistinct = false;     ///< there were more than kMaxDistinct

    static constexpr std::size_t kMaxDistinct = 64;
    /// Whether at least `share` of the filled cells are counted in `n`.
    bool mostly(std::size_t n, double share = 0.6) const { return filled > 0 && static_cast<double>(n) >= share * static_cast<double>(filled); }
    std::size_t timepoints() const { return before + after; }
    std::size_t distinctCount() const { return moreDistinct ? kMaxDistinct + 1 : distinct.size(); }
};

/// What each cell looks like, worked out once per cell: candidate header rows sample nearly the
/// same cells below them.
class CellClassifier {
public:
    CellClassifier(const read::Grid& grid, const Vocabulary& vocab) : grid_(grid), vocab_(vocab) {}
    /// The profile of column `col` over `rows`.
    ColumnProfile profile(const std::vector<std::uint32_t>& rows, std::uint32_t col);

private:
    /// What a cell looks like (CellBit flags) and its text folded.
    struct Known {
        std::uint32_t bits = 0;
        std::string folded;
    };
    const Known& classify(std::uint32_t row, std::uint32_t col);
    const read::Grid& grid_;
    const Vocabulary& vocab_;
    std::unordered_map<std::uint64_t, Known> known_;
};

/// Two values read as two points in time, the earlier first: timepoint words (Pre/Post), the
/// same word numbered ("Week 1"/"Week 6", "T1"/"T2"), or terms and months ("Autumn 2024"/
/// "Summer 2025", "Sept"/"July"). `how` says how the order was told, for the column's reason.
struct TimepointPair {
    std::string before, after, how;
};
/// `values` are folded, in the order they first appear.
std::optional<TimepointPair> timepointPair(const std::vector<std::string>& values, const Vocabulary& vocab);

/// Whether a normalised text is shaped like a person's name: one to four words of letters
/// (apostrophes, hyphens and dots allowed). The classifier also rules out words Impact knows as
/// something else (Yes, Before, Agree...).
bool looksLikeNameShape(std::string_view normalised);

/// A few words describing a profile for a column's reason: "values Before/After, 115 rows".
std::string describeValues(const ColumnProfile& p);

} // namespace impact::recognise
