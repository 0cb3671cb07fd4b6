#include "recognise/profile.h"

#include "common/unicode_text.h"
#include "recognise/text.h"

#include <algorithm>
#include <charconv>
#include <unordered_set>

namespace impact::recognise {

namespace {

enum CellBit : std::uint32_t {
    kFilled = 1u << 0,
    kNumber = 1u << 1,
    kDate = 1u << 3,
    kWeekday = 1u << 4,
    kBefore = 1u << 5,
    kAfter = 1u << 6,
    kCash = 1u << 7,
    kInKind = 1u << 8,
    kYesNo = 1u << 9,
    kMark = 1u << 10,
    kScaleLabel = 1u << 11,
    kEmail = 1u << 12,
    kName = 1u << 13,
    kSector = 1u << 14,
    kSectorWord = 1u << 15,
    kMoneyWords = 1u << 16,
};

bool isScaleLabel(const std::string& folded, const Vocabulary& vocab) {
    for (const auto& s : vocab.scales)
        for (const auto& point : s.labels)
            if (std::find(point.begin(), point.end(), folded) != point.end()) return true;
    return false;
}

bool isEmail(std::string_view t) {
    auto at = t.find('@');
    return at != std::string_view::npos && at > 0 && t.find('.', at) != std::string_view::npos && t.find(' ') == std::string_view::npos;
}

/// The number at the end of a normalised text ("week 6" → 6, "t2" → 2), and what precedes it.
std::optional<std::pair<std::string, long>> trailingNumber(const std::string& n) {
    std::size_t end = n.size(), start = end;
    while (start > 0 && n[start - 1] >= '0' && n[start - 1] <= '9') --start;
    if (start == end || end - start > 6) return std::nullopt;
    long value = 0;
    std::from_chars(n.data() + start, n.data() + end, value);
    std::string prefix = n.substr(0, start);
    while (!prefix.empty() && prefix.back() == ' ') prefix.pop_back();
    return std::pair{prefix, value};
}

/// A year written in a text ("autumn 2024" → 2024; "2024 25" → 2024).
std::optional<long> yearIn(const std::string& n) {
    for (std::size_t i = 0; i + 4 <= n.size(); ++i) {
        bool edge = (i == 0 || n[i - 1] == ' ') && (i + 4 == n.size() || n[i + 4] == ' ');
        if (edge && (n.compare(i, 2, "19") == 0 || n.compare(i, 2, "20") == 0) &&
            std::all_of(n.begin() + static_cast<long>(i), n.begin() + static_cast<long>(i) + 4, [](char c) { return c >= '0' && c <= '9'; }))
            return std::stol(n.substr(i, 4));
    }
    return std::nullopt;
}

} // namespace

bool looksLikeNameShape(std::string_view normalised) {
    const std::string_view n = normalised;
    if (n.empty() || n.size() > 60) return false;
    std::size_t words = 1 + static_cast<std::size_t>(std::count(n.begin(), n.end(), ' '));
    if (words > 4) return false;
    bool letter = false;
    for (unsigned char c : n) {
        if (c >= '0' && c <= '9') return false;
        if (c >= 0x80 || (c >= 'a' && c <= 'z')) letter = true;
        else if (c != ' ' && c != '\'' && c != '-' && c != '.') return false;
    }
    return letter;
}

const CellClassifier::Known& CellClassifier::classify(std::uint32_t row, std::uint32_t col) {
    auto [it, fresh] = known_.try_emplace(std::uint64_t{row} << 32 | col);
    if (!fresh) return it->second;
    const read::Value& v = grid_.at(row, col);
    std::uint32_t bits = 0;
    if (!v.empty()) {
        bits |= kFilled;
        std::string t = grid_.text(row, col);
        std::string f = fold(t);
        if (v.type == read::CellType::Number) {
            bits |= kNumber;
        } else if (v.type == read::CellType::Date) {
            bits |= kDate;
        } else if (v.type == read::CellType::Text) {
            std::string n = normalise(t);
            double number = 0;
            auto r = std::from_chars(f.data(), f.data() + f.size(), number);
            if ((r.ec == std::errc() && r.ptr == f.data() + f.size()) || parseMoney(t)) bits |= kNumber; // "5", "£2,000"
            if (parseTypedDate(t)) bits |= kDate;
            if (vocab_.isWeekday(f)) bits |= kWeekday; // no name, and no date (the date veto)
            model::Timepoint tp = vocab_.timepointOf(f);
            if (tp == model::Timepoint::Before) bits |= kBefore;
            if (tp == model::Timepoint::After) bits |= kAfter;
            std::string kind = vocab_.contributionKindOf(f);
            if (kind == "cash" && f != "£") bits |= kCash;
            if (kind == "in_kind") bits |= kInKind;
            if (isScaleLabel(f, vocab_)) bits |= kScaleLabel;
            if (isEmail(f)) bits |= kEmail;
            // A sector's word, alone or opening or closing the text ("Independent (fee-paying)").
            // Not every word within it: that costs a scan per cell, and names are names.
            if (vocab_.isSectorWord(f)) bits |= kSectorWord | kSector;
            else if (vocab_.isSectorWord(n.substr(0, n.find(' '))) || vocab_.isSectorWord(n.substr(n.rfind(' ') + 1))) bits |= kSector;
            if (!(bits & kNumber) && vocab_.isMoneyInWords(t)) bits |= kMoneyWords;
        }
        if (vocab_.pupilPremiumOf(t)) bits |= kYesNo;
        if (vocab_.isPresentMark(t) || vocab_.isAbsentMark(t)) bits |= kMark;
        // A name: a few words of letters that are no word Impact knows as something else.
        constexpr std::uint32_t kKnownWord = kNumber | kDate | kYesNo | kMark | kBefore | kAfter | kScaleLabel | kWeekday | kCash | kInKind;
        if (v.type == read::CellType::Text && !(bits & kKnownWord) && looksLikeNameShape(normalise(t))) bits |= kName;
        it->second.folded = std::move(f);
    }
    it->second.bits = bits;
    return it->second;
}

ColumnProfile CellClassifier::profile(const std::vector<std::uint32_t>& rows, std::uint32_t col) {
    ColumnProfile p;
    p.rows = rows.size();
    std::unordered_set<std::string_view> seen; // the distinct values so far (views of known_'s texts)
    for (std::uint32_t r : rows) {
        const Known& known = classify(r, col);
        std::uint32_t b = known.bits;
        if (!(b & kFilled)) continue;
        ++p.filled;
        p.numbers += (b & kNumber) ? 1 : 0;
        p.dates += (b & kDate) ? 1 : 0;
        p.before += (b & kBefore) ? 1 : 0;
        p.after += (b & kAfter) ? 1 : 0;
        p.cash += (b & kCash) ? 1 : 0;
        p.inKind += (b & kInKind) ? 1 : 0;
        p.yesNo += (b & kYesNo) ? 1 : 0;
        p.marks += (b & kMark) ? 1 : 0;
        p.scaleLabels += (b & kScaleLabel) ? 1 : 0;
        p.emails += (b & kEmail) ? 1 : 0;
        p.names += (b & kName) ? 1 : 0;
        p.sectors += (b & kSector) ? 1 : 0;
        p.sectorWords += (b & kSectorWord) ? 1 : 0;
        p.moneyWords += (b & kMoneyWords) ? 1 : 0;
        if (!p.moreDistinct) {
            const std::string& f = known.folded;
            if (seen.insert(f).second) {
                if (p.distinct.size() < ColumnProfile::kMaxDistinct) {
                    p.distinct.push_back(f);
                    p.shown.push_back(grid_.text(r, col));
                }
                else p.moreDistinct = true;
            }
        }
    }
    return p;
}

std::optional<TimepointPair> timepointPair(const std::vector<std::string>& values, const Vocabulary& vocab) {
    if (values.size() != 2) return std::nullopt;
    const std::string &a = values[0], &b = values[1];
    model::Timepoint ta = vocab.timepointOf(a), tb = vocab.timepointOf(b);
    if (ta != model::Timepoint::None && tb != model::Timepoint::None && ta != tb)
        return ta == model::Timepoint::Before ? TimepointPair{a, b, "timepoint words"} : TimepointPair{b, a, "timepoint words"};
    std::string na = normalise(a), nb = normalise(b);
    // The same word numbered: "Week 1"/"Week 6", "T1"/"T2", "Term 1"/"Term 3".
    auto xa = trailingNumber(na), xb = trailingNumber(nb);
    if (xa && xb && xa->first == xb->first && xa->second != xb->second) {
        std::string word = xa->first;
        if (vocab.isSequenceWord(word) || (!word.empty() && vocab.isSequenceWord(word.substr(word.rfind(' ') + 1))))
            return xa->second < xb->second ? TimepointPair{a, b, "numbered in order"} : TimepointPair{b, a, "numbered in order"};
    }
    // Terms and months, with or without a year: "Autumn 2024"/"Summer 2025", "Sept"/"July".
    auto ca = vocab.calendarIndex(na), cb = vocab.calendarIndex(nb);
    if (ca && cb) {
        auto ya = yearIn(na), yb = yearIn(nb);
        // The calendar month (September = 9) of an academic-year month index (September = 0).
        auto month = [](int i) { return i < 4 ? i + 9 : i - 3; };
        long ka = ya && yb ? *ya * 100 + month(*ca) : *ca, kb = ya && yb ? *yb * 100 + month(*cb) : *cb;
        if (ka != kb) return ka < kb ? TimepointPair{a, b, "terms in order"} : TimepointPair{b, a, "terms in order"};
    }
    // Two years: "2024"/"2025".
    auto ya = yearIn(na), yb = yearIn(nb);
    if (ya && yb && na.size() <= 9 && nb.size() <= 9 && *ya != *yb)
        return *ya < *yb ? TimepointPair{a, b, "years in order"} : TimepointPair{b, a, "years in order"};
    return std::nullopt;
}

std::string describeValues(const ColumnProfile& p) {
    std::string rows = std::to_string(p.filled) + (p.filled == 1 ? " row" : " rows");
    if (p.filled == 0) return "no values yet";
    std::string shown;
    if (p.distinct.size() <= 4 && !p.moreDistinct) {
        for (std::size_t i = 0; i < p.shown.size(); ++i) shown += (i ? "/" : "") + p.shown[i];
        return "values " + shown + ", " + rows;
    }
    if (p.mostly(p.dates)) return "dates, " + rows;
    if (p.mostly(p.emails)) return "email addresses, " + rows;
    if (p.mostly(p.numbers)) return "numbers, " + rows;
    if (p.mostly(p.scaleLabels)) return "scale answers, " + rows;
    if (p.mostly(p.names)) return "names, " + rows;
    return "text, " + rows;
}

} // namespace impact::recognise
