// A report template (templates/reports/*.json): sections, wording, colours, headline figures.
// Validated on load: every problem names the file, the line and what is wrong.
#pragma once

#include <map>
#include <string>
#include <vector>

namespace impact::report {

struct Rgb {
    float r = 0, g = 0, b = 0;
};

struct Section {
    std::string type;    ///< headline, categories, reach, equity, money, next_steps, quotes, outcomes, contribution, delivered, method, text
    std::string heading; ///< may be empty
    std::string text;    ///< an introduction under the heading
};

struct ReportTemplate {
    std::string path;
    std::string name, audience; ///< audience: governors | funder
    int maxPages = 0;           ///< 0: no limit
    std::string fileName, title, subtitle;
    std::map<std::string, Rgb> colours; ///< primary, accent, text, muted, rule
    std::vector<Rgb> scale;             ///< most negative to most positive
    std::vector<std::string> headline;  ///< figure ids
    std::vector<Section> sections;
    std::map<std::string, std::string> wording;
    std::vector<std::string> method;
    std::string logo; ///< a PNG or JPEG path, if any

    /// Wording by key, or `fallback`.
    std::string word(const std::string& key, const std::string& fallback = {}) const;
    Rgb colour(const std::string& key) const;
};

/// The section types and headline figures a template may use.
const std::vector<std::string>& sectionTypes();
const std::vector<std::string>& headlineFigures();

/// Loads and validates a template. Throws impact::Error (exit 2) with "FILE:LINE: what is wrong".
ReportTemplate loadTemplate(const std::string& path);
/// templates/reports/NAME.json from the templates folder.
std::string standardTemplatePath(const std::string& name);

/// Replaces {key} placeholders.
std::string fill(std::string text, const std::map<std::string, std::string>& values);

} // namespace impact::report
