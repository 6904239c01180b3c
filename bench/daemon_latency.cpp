// The live daemon at real-time pace on the simulator (issue 5): latency of the cue path, CPU
// and memory, optionally while WebSocket clients connect, stream and disconnect.
//
//   bench_daemon_latency [--seconds 600] [--ws-clients 100] [--buffer-frames 256] [--block-ms 2]
//                        [--deadline-ms 50] [--slow-disk-iops 20] [--daemon PATH] [--label TEXT]
//                        [--port-file PATH] [--cue-latency-ms MS] [--realtime-priority N]
//                        [--core N] [--signal-batch-s S]
//
// Starts build/.../stridecued (or --daemon PATH, e.g. an older build for a side-by-side run) as a
// process with SDL's disk audio driver (the cue is written to the audio stream exactly as to a
// sound card; the DAC's own delay is not measured) and reads its event stream. "contact -> audio"
// ends at the sound's first frame (since the cues are aimed at contact + audio.cue_latency_ms,
// inside the buffer; an older daemon reports its callback's start, where its sounds began);
// "contact -> decision" is that minus the decision's wait for its sound. "Cues decided early" are
// those whose class reached strike.decision_confidence before the deadline (the strike event's
// "forced" is false); the forced ones are in "all cues".
// --signal-batch-s S sets api.signal_batch_s (0: a stream message per signal sample, as before
// the batches).
// --core N keeps the engine and its producers on core N (engine.core: several daemons at once
// need not share one core).
// --cue-latency-ms, --realtime-priority and --core are written into the config only when given, so
// an older daemon that has no such settings still starts.
//
// --slow-disk-iops N puts the daemon in a block-I/O cgroup that allows N writes per second and
// 2 MB/s on the disk that holds the store (cgroup v1 blkio throttling; needs root): a slow disk
// for real, fsyncs included, not a simulated one.
#include <signal.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <sys/wait.h>
#include <unistd.h>

#include <fmt/format.h>
#include <atomic>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <map>
#include <nlohmann/json.hpp>
#include <random>
#include <sstream>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

#include "api/api_client.hpp"
#include "bench_stats.hpp"

using namespace stridecue;
using Json = nlohmann::json;
using Clock = std::chrono::steady_clock;

namespace {

std::string slurp(const std::filesystem::path& p) {
  std::ifstream in(p);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

// utime + stime of a process, in seconds.
double cpu_seconds(pid_t pid) {
  std::istringstream in(slurp(fmt::format("/proc/{}/stat", pid)));
  std::string field;
  std::vector<std::string> f;
  // The command name may hold spaces: it ends at the last ')'.
  std::string all = in.str();
  all = all.substr(all.rfind(')') + 2);
  std::istringstream rest(all);
  while (rest >> field)
    f.push_back(field);
  const double ticks = static_cast<double>(sysconf(_SC_CLK_TCK));
  return (std::stod(f[11]) + std::stod(f[12])) / ticks;  // fields 14 and 15 of stat
}

double status_kb(pid_t pid, const std::string& key) {
  std::istringstream in(slurp(fmt::format("/proc/{}/status", pid)));
  std::string line;
  while (std::getline(in, line))
    if (line.rfind(key + ":", 0) == 0) return std::stod(line.substr(key.size() + 1));
  return 0.0;
}

struct Series {
  std::vector<double> values;
  void add(double v) { values.push_back(v); }
  std::string line(const std::string& unit, double scale) const {
    if (values.empty()) return "no data";
    const double p50 = bench::percentile(values, 50.0), p99 = bench::percentile(values, 99.0);
    const double max = *std::max_element(values.begin(), values.end());
    return fmt::format(
        "n={:>6}  p50 {:>8.3f} {}  p99 {:>8.3f} {}  max {:>8.3f} {}  (p99-p50 {:.3f} {})",
        values.size(), p50 * scale, unit, p99 * scale, unit, max * scale, unit, (p99 - p50) * scale,
        unit);
  }
};

// CPU ticks per thread of a process, keyed by "tid name".
std::map<std::string, double> thread_ticks(pid_t pid) {
  std::map<std::string, double> ticks;
  const auto task = std::filesystem::path(fmt::format("/proc/{}/task", pid));
  std::error_code ec;
  for (const auto& entry : std::filesystem::directory_iterator(task, ec)) {
    const std::string all = slurp(entry.path() / "stat");
    const auto open = all.find('('), close = all.rfind(')');
    if (open == std::string::npos || close == std::string::npos) continue;
    std::istringstream rest(all.substr(close + 2));
    std::vector<std::string> f;
    std::string field;
    while (rest >> field)
      f.push_back(field);
    if (f.size() < 13) continue;
    ticks[entry.path().filename().string() + " " + all.substr(open + 1, close - open - 1)] =
        std::stod(f[11]) + std::stod(f[12]);
  }
  return ticks;
}

// A blkio cgroup (v1) throttling writes to the disk that holds `dir`; the cgroup's tasks file.
std::string slow_disk_cgroup(const std::filesystem::path& dir, int iops) {
  struct stat st {};
  if (stat(dir.c_str(), &st) != 0) throw std::runtime_error("cannot stat " + dir.string());
  // The whole disk, not the partition: throttling applies to disks.
  std::string device = fmt::format("{}:{}", major(st.st_dev), minor(st.st_dev));
  const std::string sys = fmt::format("/sys/dev/block/{}/partition", device);
  if (std::filesystem::exists(sys)) {
    const auto parent = std::filesystem::canonical(fmt::format("/sys/dev/block/{}/..", device));
    device = slurp(parent / "dev");
    while (!device.empty() && (device.back() == '\n' || device.back() == ' '))
      device.pop_back();
  }
  const auto group =
      std::filesystem::path("/sys/fs/cgroup/blkio") / fmt::format("stridecue-bench-{}", getpid());
  std::filesystem::create_directories(group);
  std::ofstream(group / "blkio.throttle.write_iops_device") << device << " " << iops << "\n";
  std::ofstream(group / "blkio.throttle.write_bps_device")
      << device << " " << 2 * 1024 * 1024 << "\n";
  if (slurp(group / "blkio.throttle.write_iops_device").find(device) == std::string::npos)
    throw std::runtime_error("could not throttle " + device + " in " + group.string() +
                             " (cgroup v1 blkio and root are needed)");
  return (group / "tasks").string();
}

}  // namespace

int main(int argc, char** argv) {
  double seconds = 600.0;
  int ws_clients = 0;
  int buffer_frames = 256;
  double block_ms = 2.0;
  double deadline_ms = 0.0;                             // 0: the daemon's default
  std::string cue_latency_ms, realtime_priority, core;  // empty: the daemon's default
  std::string signal_batch_s;                           // likewise
  int slow_disk_iops = 0;
  std::string daemon = STRIDECUED_PATH;
  std::string label = "stridecued";
  std::string
      port_file;  // where to write the API port, for a second client (bench/hostile_soak.py)
  for (int i = 1; i + 1 < argc; i += 2) {
    const std::string a = argv[i];
    if (a == "--deadline-ms") deadline_ms = std::stod(argv[i + 1]);
    if (a == "--slow-disk-iops") slow_disk_iops = std::stoi(argv[i + 1]);
    if (a == "--daemon") daemon = argv[i + 1];
    if (a == "--label") label = argv[i + 1];
    if (a == "--port-file") port_file = argv[i + 1];
    if (a == "--seconds") seconds = std::stod(argv[i + 1]);
    if (a == "--ws-clients") ws_clients = std::stoi(argv[i + 1]);
    if (a == "--buffer-frames") buffer_frames = std::stoi(argv[i + 1]);
    if (a == "--block-ms") block_ms = std::stod(argv[i + 1]);
    if (a == "--cue-latency-ms") cue_latency_ms = argv[i + 1];
    if (a == "--realtime-priority") realtime_priority = argv[i + 1];
    if (a == "--core") core = argv[i + 1];
    if (a == "--signal-batch-s") signal_batch_s = argv[i + 1];
  }
  const auto dir =
      std::filesystem::temp_directory_path() / fmt::format("stridecue-bench-{}", getpid());
  std::filesystem::create_directories(dir);
  std::ofstream(dir / "stridecue.toml")
      << "[source]\nkind = \"simulator\"\npace = 1.0\n\n[source.simulator]\nblock_s = "
      << block_ms / 1e3 << "\n\n[api]\nport = 0\nmax_clients = 256\n"
      << (signal_batch_s.empty() ? "" : "signal_batch_s = " + signal_batch_s + "\n") << "\n"
      << "[store]\npath = \"" << (dir / "s.db").string() << "\"\n\n"
      << "[audio]\ndriver = \"disk\"\nbuffer_frames = " << buffer_frames << "\n"
      << (cue_latency_ms.empty() ? "" : "cue_latency_ms = " + cue_latency_ms + "\n")
      << "\n[cue]\nrefractory_s = 0.0\n";
  if (!realtime_priority.empty() || !core.empty())
    std::ofstream(dir / "stridecue.toml", std::ios::app)
        << "\n[engine]\n"
        << (realtime_priority.empty() ? "" : "realtime_priority = " + realtime_priority + "\n")
        << (core.empty() ? "" : "core = " + core + "\n");
  if (deadline_ms > 0.0)
    std::ofstream(dir / "stridecue.toml", std::ios::app)
        << "\n[strike]\ndecision_deadline_s = " << deadline_ms / 1e3 << "\n";
  const std::string cgroup_tasks = slow_disk_iops > 0 ? slow_disk_cgroup(dir, slow_disk_iops) : "";
  const pid_t pid = fork();
  if (pid == 0) {
    if (!cgroup_tasks.empty()) std::ofstream(cgroup_tasks) << getpid() << "\n";
    setenv("SDL_DISKAUDIOFILE", "/dev/null", 1);
    std::freopen((dir / "daemon.log").c_str(), "w", stderr);
    std::freopen("/dev/null", "w", stdout);
    execl(daemon.c_str(), daemon.c_str(), "--config", (dir / "stridecue.toml").c_str(),
          static_cast<char*>(nullptr));
    _exit(127);
  }
  int port = 0;
  for (int i = 0; i < 500 && port == 0; ++i) {
    const std::string log = slurp(dir / "daemon.log");
    const std::string marker = "control API on http://127.0.0.1:";
    if (const auto at = log.find(marker); at != std::string::npos) {
      port = std::atoi(log.c_str() + at + marker.size());
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  if (port == 0) {
    fmt::print(stderr, "stridecued did not start:\n{}\n", slurp(dir / "daemon.log"));
    return 1;
  }
  if (!port_file.empty()) std::ofstream(port_file) << port << "\n";
  const ApiClient client(parse_api_url(fmt::format("127.0.0.1:{}", port)), "");

  std::atomic<bool> done{false};
  std::atomic<std::uint64_t> churn_connections{0}, churn_messages{0};
  std::vector<std::thread> churn;
  for (int c = 0; c < ws_clients; ++c) {
    churn.emplace_back([&, c] {
      std::mt19937 rng(static_cast<unsigned>(c));
      while (!done.load()) {
        std::size_t left = std::uniform_int_distribution<std::size_t>(20, 400)(rng);
        try {
          churn_connections.fetch_add(1);
          client.stream("/api/v1/stream", [&](const std::string&) {
            churn_messages.fetch_add(1);
            return --left > 0 && !done.load();
          });
        } catch (const std::exception&) {
          std::this_thread::sleep_for(std::chrono::milliseconds(50));
        }
      }
    });
  }

  Series to_decision, to_audio, contact_to_audio_early, contact_to_audio_all;
  Series contact_to_decision_early, onset_after_target;
  std::uint64_t late = 0;  // sounds that began after their target (decided too late for it)
  std::map<std::uint64_t, bool> cue_early;  // by cue seq
  // Strikes decided at the end of the early samples or the deadline, not by confidence, by
  // their contact (0.1 ms): their cues are late by design, so "decided early" leaves them out.
  std::map<long long, bool> strike_forced;
  std::uint64_t forced_cues = 0;
  std::map<std::uint64_t, double> cue_to_decision_ns;  // by cue seq
  std::uint64_t strides = 0;
  const auto warmup = Clock::now() + std::chrono::seconds(5);
  double cpu_start = -1.0;
  std::map<std::string, double> threads_start;
  auto cpu_start_t = Clock::now();
  const auto end = Clock::now() + std::chrono::duration<double>(seconds);
  client.stream("/api/v1/stream", [&](const std::string& text) {
    const Json e = Json::parse(text);
    const std::string type = e.value("type", "");
    if (cpu_start < 0.0 && Clock::now() >= warmup) {
      cpu_start = cpu_seconds(pid);
      threads_start = thread_ticks(pid);
      cpu_start_t = Clock::now();
    }
    if (type == "strike") {
      to_decision.add(e["receipt_to_decision_ns"].get<double>());
      // An older daemon sends no "forced": every early strike counts as decided early.
      strike_forced[std::llround(e["contact_s"].get<double>() * 1e4)] = e.value("forced", false);
    }
    if (type == "stride") ++strides;
    if (type == "cue") {
      const bool forced = strike_forced[std::llround(e["contact_s"].get<double>() * 1e4)];
      forced_cues += forced;
      cue_early[e["seq"]] =
          !forced && e["decided_s"].get<double>() - e["contact_s"].get<double>() < 0.05;
      cue_to_decision_ns[e["seq"]] = e["receipt_to_decision_ns"].get<double>();
    }
    if (type == "cue_sound") {
      const double receipt_to_audio = e["receipt_to_audio_ns"].get<double>();
      to_audio.add(receipt_to_audio);
      if (e.contains("onset_after_target_ns") && !e["onset_after_target_ns"].is_null()) {
        const double after = e["onset_after_target_ns"].get<double>();
        onset_after_target.add(after);
        // More than one frame (20.8 us at 48 kHz) after: it missed its target.
        if (after > 25'000.0) ++late;
      }
      if (!e["contact_to_audio_ns"].is_null()) {
        const double ns = e["contact_to_audio_ns"].get<double>();
        contact_to_audio_all.add(ns);
        const auto d = cue_to_decision_ns.find(e["seq"]);
        const double to_decision_ns =
            d != cue_to_decision_ns.end() ? ns - (receipt_to_audio - d->second) : -1.0;
        if (cue_early[e["seq"]]) {
          contact_to_audio_early.add(ns);
          if (to_decision_ns >= 0.0) contact_to_decision_early.add(to_decision_ns);
        }
      }
    }
    return Clock::now() < end;
  });
  const double cpu_end = cpu_seconds(pid);
  const auto threads_end = thread_ticks(pid);
  const double wall = std::chrono::duration<double>(Clock::now() - cpu_start_t).count();
  const double rss_mb = status_kb(pid, "VmRSS") / 1024.0;
  const double hwm_mb = status_kb(pid, "VmHWM") / 1024.0;
  const Json status = Json::parse(client.request("GET", "/api/v1/status").body);
  done.store(true);
  for (auto& t : churn)
    t.join();
  kill(pid, SIGTERM);
  int wstatus = 0;
  waitpid(pid, &wstatus, 0);

  fmt::print(
      "{} ({}) on the simulator at real-time pace for {:.0f} s, {} WebSocket clients churning, "
      "decision deadline {}, {}\n",
      label, daemon, seconds, ws_clients,
      deadline_ms > 0.0 ? fmt::format("{} ms", deadline_ms) : std::string("default"),
      slow_disk_iops > 0 ? fmt::format("slow disk ({} writes/s, 2 MB/s)", slow_disk_iops)
                         : std::string("disk unthrottled"));
  fmt::print(
      "strides {}, cues {}, of which {} forced (decided by the early samples' end or the "
      "deadline, not by confidence)\n",
      strides, to_audio.values.size(), forced_cues);
  fmt::print("receipt -> decision (strikes): {}\n", to_decision.line("us", 1e-3));
  fmt::print("receipt -> audio callback (cues): {}\n", to_audio.line("ms", 1e-6));
  fmt::print("contact -> audio, cues decided early: {}\n", contact_to_audio_early.line("ms", 1e-6));
  fmt::print("contact -> audio, all cues: {}\n", contact_to_audio_all.line("ms", 1e-6));
  fmt::print("contact -> decision, cues decided early: {}\n",
             contact_to_decision_early.line("ms", 1e-6));
  if (!onset_after_target.values.empty())
    fmt::print("onset after target: {}; {} of {} sounds late\n",
               onset_after_target.line("ms", 1e-6), late, onset_after_target.values.size());
  if (status["engine"].contains("scheduling"))
    fmt::print("engine thread scheduling: {}\n", status["engine"]["scheduling"].dump());
  fmt::print("CPU {:.2f} % of one core over {:.0f} s; RSS {:.1f} MB (peak {:.1f} MB)\n",
             100.0 * (cpu_end - cpu_start) / wall, wall, rss_mb, hwm_mb);
  const double ticks_per_s = static_cast<double>(sysconf(_SC_CLK_TCK));
  for (const auto& [thread, ticks] : threads_end) {
    const auto before = threads_start.find(thread);
    const double used = ticks - (before == threads_start.end() ? 0.0 : before->second);
    if (used > 0.0)
      fmt::print("  thread {:<28} {:6.2f} % of one core\n", thread,
                 100.0 * used / ticks_per_s / wall);
  }
  fmt::print("longest receipt -> decision {:.3f} ms, longest contact -> audio {:.3f} ms\n",
             to_decision.values.empty()
                 ? 0.0
                 : *std::max_element(to_decision.values.begin(), to_decision.values.end()) * 1e-6,
             contact_to_audio_all.values.empty()
                 ? 0.0
                 : *std::max_element(contact_to_audio_all.values.begin(),
                                     contact_to_audio_all.values.end()) *
                       1e-6);
  if (status.contains("store")) fmt::print("store: {}\n", status["store"].dump());
  if (status.contains("recorder")) fmt::print("recorder: {}\n", status["recorder"].dump());
  fmt::print("blocks dropped {}, engine events lost {}\n",
             status["source"]["blocks_dropped"].get<std::uint64_t>(),
             status["engine"]["events_lost"].get<std::uint64_t>());
  if (ws_clients > 0) {
    fmt::print("churn: {} connections, {} messages; API clients dropped {}\n",
               churn_connections.load(), churn_messages.load(),
               status["api"]["clients_dropped"].get<std::uint64_t>());
  }
  std::filesystem::remove_all(dir);
  if (!cgroup_tasks.empty())
    std::filesystem::remove(std::filesystem::path(cgroup_tasks).parent_path());
  return 0;
}
