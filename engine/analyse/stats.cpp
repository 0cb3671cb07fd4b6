#include "analyse/stats.h"

#include <cmath>
#include <numeric>

namespace impact::analyse {

std::optional<double> mean(const std::vector<double>& xs) {
    if (xs.empty()) return std::nullopt;
    return std::accumulate(xs.begin(), xs.end(), 0.0) / static_cast<double>(xs.size());
}

std::optional<double> sampleSd(const std::vector<double>& xs) {
    if (xs.size() < 2) return std::nullopt;
    double m = *mean(xs), ss = 0;
    for (double x : xs) ss += (x - m) * (x - m);
    return std::sqrt(ss / static_cast<double>(xs.size() - 1));
}

double tQuantile975(int df) {
    // Exact values for small samples; above 30 the Cornish-Fisher expansion is accurate to 1e-5.
    static const double kTable[] = {0,        12.706205, 4.302653, 3.182446, 2.776445, 2.570582, 2.446912, 2.364624,
                                    2.306004, 2.262157,  2.228139, 2.200985, 2.178813, 2.160369, 2.144787, 2.131450,
                                    2.119905, 2.109816,  2.100922, 2.093024, 2.085963, 2.079614, 2.073873, 2.068658,
                                    2.063899, 2.059539,  2.055529, 2.051831, 2.048407, 2.045230, 2.042272};
    if (df < 1) return std::nan("");
    if (df <= 30) return kTable[df];
    const double z = 1.959963984540054, n = df;
    const double z3 = z * z * z, z5 = z3 * z * z, z7 = z5 * z * z;
    return z + (z3 + z) / (4 * n) + (5 * z5 + 16 * z3 + 3 * z) / (96 * n * n) +
           (3 * z7 + 19 * z5 + 17 * z3 - 15 * z) / (384 * n * n * n);
}

std::optional<std::pair<double, double>> ci95(const std::vector<double>& xs, std::size_t minimum) {
    if (xs.size() < minimum || xs.size() < 2) return std::nullopt;
    double m = *mean(xs), sd = *sampleSd(xs);
    double half = tQuantile975(static_cast<int>(xs.size()) - 1) * sd / std::sqrt(static_cast<double>(xs.size()));
    return std::make_pair(m - half, m + half);
}

} // namespace impact::analyse
