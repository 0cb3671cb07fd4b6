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
    static const double kTable[] = {0,      12.7062, 4.3027, 3.1824, 2.7764, 2.5706, 2.4469, 2.3646, 2.3060, 2.2622, 2.2281,
                                    2.2010, 2.1788,  2.1604, 2.1448, 2.1314, 2.1199, 2.1098, 2.1009, 2.0930, 2.0860, 2.0796,
                                    2.0739, 2.0687,  2.0639, 2.0595, 2.0555, 2.0518, 2.0484, 2.0452, 2.0423};
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
