// The few statistics the figures need.
#pragma once

#include <optional>
#include <utility>
#include <vector>

namespace impact::analyse {

std::optional<double> mean(const std::vector<double>& xs);
/// Sample standard deviation (n - 1); empty below two values.
std::optional<double> sampleSd(const std::vector<double>& xs);
/// The 97.5th percentile of Student's t with `df` degrees of freedom (two-sided 95%).
double tQuantile975(int df);
/// Mean ± t·sd/√n for paired changes; empty below `minimum` values.
std::optional<std::pair<double, double>> ci95(const std::vector<double>& xs, std::size_t minimum);

} // namespace impact::analyse
