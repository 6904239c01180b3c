// How fast the trial CSV reader alone turns a file into sample blocks, on one core: the
// parsing share of `stridecue analyze` (bench/analyze_file.sh times the whole command).
// The file is read `runs` times (the first warms the page cache); prints the median as MB/s
// and ns per byte, and the samples read.
//   bench_trial_csv_read FILE [runs=5]
#include <fmt/format.h>

#include <algorithm>
#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <vector>

#include "bench_stats.hpp"
#include "files/trial_csv_reader.hpp"

using namespace stridecue;

int main(int argc, char** argv) {
  if (argc < 2) {
    fmt::print(stderr, "usage: bench_trial_csv_read FILE [runs=5]\n");
    return 2;
  }
  const std::filesystem::path path = argv[1];
  const int runs = argc > 2 ? std::atoi(argv[2]) : 5;
  const auto bytes = static_cast<double>(std::filesystem::file_size(path));

  std::vector<double> seconds;
  std::size_t samples = 0;
  for (int run = 0; run <= runs; ++run) {
    const auto start = std::chrono::steady_clock::now();
    auto source = open_trial_csv(path);
    SampleBlock block;
    SourceStatus status;
    samples = 0;
    while ((status = source->next(block)) == SourceStatus::block)
      samples += block.samples.size();
    if (status == SourceStatus::failed) {
      fmt::print(stderr, "{}\n", source->failure());
      return 1;
    }
    const double s =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    if (run > 0) seconds.push_back(s);  // run 0 warms the page cache
  }
  const double med = bench::median(seconds);
  fmt::print(
      "read {} ({:.0f} MB, {} samples): median {:.3f} s of {} runs (min {:.3f}, max {:.3f})\n",
      path.filename().string(), bytes / 1e6, samples, med, runs,
      *std::min_element(seconds.begin(), seconds.end()),
      *std::max_element(seconds.begin(), seconds.end()));
  fmt::print("= {:.0f} MB/s, {:.2f} ns per byte, {:.1f} ns per sample\n", bytes / 1e6 / med,
             med * 1e9 / bytes, med * 1e9 / static_cast<double>(samples));
  return 0;
}
