// What classifying one stride costs: the strike analysis (strike index, impact transient,
// loading rates, class) and the early-decision replay, on real simulated stances, in ns per
// stride. Runs once per stance on the engine thread, so it must be small against a stride.
#include <fmt/format.h>

#include <chrono>
#include <vector>

#include "bench_stats.hpp"
#include "engine/contact_detector.hpp"
#include "engine/strike_analyzer.hpp"
#include "engine/strike_decision.hpp"
#include "simulator/runner_simulator.hpp"

using namespace stridecue;

int main() {
  for (const double rate_hz : {1000.0, 2000.0}) {
    SimulatorConfig config;
    config.duration_s = 60.0;
    config.force_rate_hz = rate_hz;
    config.mix_start = config.mix_end = {1.0, 1.0, 1.0};
    RunnerSimulator sim(config);
    const auto& channels = sim.layout().streams[0].channels;
    std::size_t fz = 0, copx = 0, copy = 0;
    for (std::size_t c = 0; c < channels.size(); ++c) {
      if (channels[c].plate != Plate::left) continue;
      if (channels[c].quantity == Quantity::force_z) fz = c;
      if (channels[c].quantity == Quantity::cop_x) copx = c;
      if (channels[c].quantity == Quantity::cop_y) copy = c;
    }
    // Collect the left plate's stances with their traces.
    ContactDetector detector({}, rate_hz);
    std::vector<std::vector<TraceSample>> traces;
    std::vector<StrikeContext> contexts;
    SampleBlock b;
    while (sim.next(b) == SourceStatus::block) {
      if (b.stream != 0) continue;
      for (std::size_t i = 0; i < b.frames; ++i) {
        const double t =
            static_cast<double>(b.first_sample + static_cast<std::int64_t>(i)) / rate_hz;
        Contact c;
        if (detector.push({t, b.at(i, fz), b.at(i, copx), b.at(i, copy), true}, c)) {
          traces.emplace_back(c.trace.begin(), c.trace.end());
          StrikeContext ctx;
          ctx.contact_s = c.contact_s;
          ctx.toe_off_s = c.toe_off_s;
          ctx.rate_hz = rate_hz;
          ctx.belt_speed_m_s = config.belt_speed_m_s;
          ctx.foot_length_m = config.foot_length_m;
          ctx.body_weight_n = config.body_mass_kg * 9.80665;
          contexts.push_back(ctx);
        }
      }
    }
    StrikeAnalyzer analyzer({}, detector.trace_capacity());
    HeelPrior prior;
    for (int i = 0; i < 5; ++i)
      prior.learn(0.1);
    std::vector<double> per_stride_ns;
    std::size_t rearfoot = 0;
    for (int round = 0; round < 20; ++round) {
      for (std::size_t k = 0; k < traces.size(); ++k) {
        const auto start = std::chrono::steady_clock::now();
        const StrikeResult r = analyzer.analyze(traces[k], contexts[k]);
        const auto early = decide_early(traces[k], contexts[k], analyzer.settings(), prior);
        per_stride_ns.push_back(
            std::chrono::duration<double, std::nano>(std::chrono::steady_clock::now() - start)
                .count());
        rearfoot += r.pattern == StrikePattern::rearfoot && early.has_value();
      }
    }
    fmt::print(
        "strike classification at {:.0f} Hz ({} stances of ~{} samples): median {:.0f} ns, "
        "p99 {:.0f} ns per stride ({} checks)\n",
        rate_hz, traces.size(), traces.empty() ? 0 : traces[0].size(), bench::median(per_stride_ns),
        bench::percentile(per_stride_ns, 99.0), rearfoot);
  }
  return 0;
}
