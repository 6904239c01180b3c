// The daemon's engine thread on SCHED_FIFO (engine.realtime_priority): what /status says must
// be what the kernel says about the thread named sc-engine; refused, the daemon warns once and
// runs on. With engine.share_core the engine thread and the simulator's pacing thread are kept
// on one core, the producer one priority step below the engine; SDL's audio thread one above.
#include <catch2/catch.hpp>

#include <sched.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <unistd.h>

#include <linux/capability.h>

#include <chrono>
#include <filesystem>
#include <nlohmann/json.hpp>
#include <sstream>
#include <thread>
#include <vector>

#include "daemon/daemon_process.hpp"

using namespace stridecue;
using Json = nlohmann::json;

namespace {

// The kernel's scheduling policy of the process's thread named `name` (0 normal, 1 FIFO), or -1.
int thread_policy(pid_t pid, const std::string& name) {
  const auto task = std::filesystem::path("/proc") / std::to_string(pid) / "task";
  for (const auto& entry : std::filesystem::directory_iterator(task)) {
    if (test::read_file(entry.path() / "comm") != name + "\n") continue;
    const std::string stat = test::read_file(entry.path() / "stat");
    std::istringstream rest(stat.substr(stat.rfind(')') + 2));
    std::string field;
    // Fields after the name start at 3 (state); the policy is field 41.
    for (int i = 3; i <= 41 && rest >> field; ++i) {
      if (i == 41) return std::stoi(field);
    }
  }
  return -1;
}

// The thread named `name`'s id, or 0.
pid_t thread_id(pid_t pid, const std::string& name) {
  const auto task = std::filesystem::path("/proc") / std::to_string(pid) / "task";
  for (const auto& entry : std::filesystem::directory_iterator(task)) {
    if (test::read_file(entry.path() / "comm") == name + "\n")
      return static_cast<pid_t>(std::stoi(entry.path().filename().string()));
  }
  return 0;
}

// The cores the kernel lets the thread named `name` run on.
std::vector<int> thread_cores(pid_t pid, const std::string& name) {
  std::vector<int> cores;
  const pid_t tid = thread_id(pid, name);
  cpu_set_t set;
  CPU_ZERO(&set);
  if (tid == 0 || ::sched_getaffinity(tid, sizeof set, &set) != 0) return cores;
  for (int c = 0; c < CPU_SETSIZE; ++c) {
    if (CPU_ISSET(c, &set)) cores.push_back(c);
  }
  return cores;
}

// The SCHED_FIFO priority of the thread named `name` (0 on the normal scheduler), or -1.
int thread_priority(pid_t pid, const std::string& name) {
  const pid_t tid = thread_id(pid, name);
  sched_param param{};
  if (tid == 0 || ::sched_getparam(tid, &param) != 0) return -1;
  return param.sched_priority;
}

Json engine_scheduling(const test::DaemonProcess& daemon) {
  const Json status = Json::parse(daemon.client().request("GET", "/api/v1/status").body);
  return status["engine"]["scheduling"];
}

// In the forked child: no CAP_SYS_NICE after exec (dropped from the bounding set, so that even
// root does not regain it) and an RLIMIT_RTPRIO of 0, as for an unprivileged user.
void without_realtime() {
  ::prctl(PR_CAPBSET_DROP, CAP_SYS_NICE, 0, 0, 0);
  const rlimit none{0, 0};
  ::setrlimit(RLIMIT_RTPRIO, &none);
}

bool may_use_fifo() {
  rlimit limit{};
  ::getrlimit(RLIMIT_RTPRIO, &limit);
  return ::geteuid() == 0 || limit.rlim_cur >= 10;
}

}  // namespace

TEST_CASE("The engine thread runs on SCHED_FIFO when allowed, and /status says so",
          "[daemon][sched]") {
  test::TempDir dir("daemon-sched");
  test::DaemonProcess daemon(dir.path(),
                             test::test_config(dir.path(), "[engine]\nrealtime_priority = 10\n"));
  const Json s = engine_scheduling(daemon);
  INFO(s.dump());
  if (may_use_fifo()) {
    CHECK(s["policy"] == "fifo");
    CHECK(s["priority"] == 10);
    CHECK(s["refusal"].is_null());
    CHECK(thread_policy(daemon.pid(), "sc-engine") == 1);  // SCHED_FIFO
  } else {
    CHECK(s["policy"] == "other");
    CHECK(thread_policy(daemon.pid(), "sc-engine") == 0);
  }
  CHECK(thread_policy(daemon.pid(), "sc-recorder") == 0);  // only the engine thread
}

TEST_CASE("With engine.realtime_priority = 0 the engine thread stays normal", "[daemon][sched]") {
  test::TempDir dir("daemon-sched-off");
  test::DaemonProcess daemon(dir.path(),
                             test::test_config(dir.path(), "[engine]\nrealtime_priority = 0\n"));
  const Json s = engine_scheduling(daemon);
  CHECK(s["policy"] == "other");
  CHECK(s["priority"] == 0);
  CHECK(s["refusal"].is_null());
  CHECK(thread_policy(daemon.pid(), "sc-engine") == 0);
  CHECK(daemon.log().find("real-time priority") == std::string::npos);
}

TEST_CASE("Refused real time, the daemon warns once and runs on the normal scheduler",
          "[daemon][sched]") {
  test::TempDir dir("daemon-sched-refused");
  test::DaemonProcess daemon(dir.path(),
                             test::test_config(dir.path(), "[engine]\nrealtime_priority = 10\n"),
                             {}, &without_realtime);
  const Json s = engine_scheduling(daemon);
  INFO(s.dump());
  CHECK(s["policy"] == "other");
  CHECK(s["priority"] == 0);
  REQUIRE(s["refusal"].is_string());
  CHECK(s["refusal"].get<std::string>().find("LimitRTPRIO") != std::string::npos);
  CHECK(thread_policy(daemon.pid(), "sc-engine") == 0);
  const std::string log = daemon.log();
  const std::string warning = "warning: the engine thread runs without real-time priority";
  CHECK(log.find(warning) != std::string::npos);
  CHECK(log.find(warning) == log.rfind(warning));  // once
  CHECK(daemon.running());
}

TEST_CASE("The engine thread and the simulator's pacing thread share one core, the last",
          "[daemon][sched]") {
  cpu_set_t mine;
  ::sched_getaffinity(0, sizeof mine, &mine);
  int last = -1;
  for (int c = 0; c < CPU_SETSIZE; ++c) {
    if (CPU_ISSET(c, &mine)) last = c;
  }
  test::TempDir dir("daemon-core");
  test::DaemonProcess daemon(dir.path(),
                             test::test_config(dir.path(), "[engine]\nrealtime_priority = 10\n"));
  // The pacing thread is placed at its first block: wait for one.
  for (int i = 0; i < 500; ++i) {
    const Json status = Json::parse(daemon.client().request("GET", "/api/v1/status").body);
    if (status["source"]["blocks_in"].get<std::uint64_t>() > 0) break;
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  const Json s = engine_scheduling(daemon);
  INFO(s.dump());
  CHECK(s["core"] == last);
  CHECK(thread_cores(daemon.pid(), "sc-engine") == std::vector<int>{last});
  CHECK(thread_cores(daemon.pid(), "sc-source") == std::vector<int>{last});
  CHECK(thread_cores(daemon.pid(), "sc-recorder").size() ==
        static_cast<std::size_t>(CPU_COUNT(&mine)));
  if (may_use_fifo()) {
    CHECK(thread_policy(daemon.pid(), "sc-source") == 1);
    CHECK(thread_priority(daemon.pid(), "sc-source") == 9);
  }
}

TEST_CASE("With engine.share_core = false the scheduler places the engine thread",
          "[daemon][sched]") {
  cpu_set_t mine;
  ::sched_getaffinity(0, sizeof mine, &mine);
  test::TempDir dir("daemon-core-off");
  test::DaemonProcess daemon(dir.path(),
                             test::test_config(dir.path(), "[engine]\nshare_core = false\n"));
  const Json s = engine_scheduling(daemon);
  CHECK(s["core"].is_null());
  CHECK(thread_cores(daemon.pid(), "sc-engine").size() ==
        static_cast<std::size_t>(CPU_COUNT(&mine)));
  CHECK(thread_cores(daemon.pid(), "sc-source").size() ==
        static_cast<std::size_t>(CPU_COUNT(&mine)));
  CHECK(thread_policy(daemon.pid(), "sc-source") == 0);
}

TEST_CASE("SDL's audio thread runs at audio.realtime_priority, above the engine",
          "[daemon][sched]") {
  test::TempDir dir("daemon-audio-sched");
  test::DaemonProcess daemon(dir.path(),
                             test::test_config(dir.path(), "[audio]\ndriver = \"disk\"\n"),
                             {{"SDL_DISKAUDIOFILE", (dir.path() / "cues.raw").string()}});
  Json audio;
  // Asked for at the first callback: wait for it.
  for (int i = 0; i < 500; ++i) {
    audio = Json::parse(daemon.client().request("GET", "/api/v1/status").body)["audio"];
    if (audio["realtime_priority"].is_number() && audio["realtime_priority"].get<int>() >= 0) break;
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  INFO(audio.dump());
  REQUIRE(audio["state"] == "ok");
  if (may_use_fifo()) {
    CHECK(audio["realtime_priority"] == 11);
    CHECK(thread_policy(daemon.pid(), "SDLAudioP2") == 1);
    CHECK(thread_priority(daemon.pid(), "SDLAudioP2") == 11);
  } else {
    CHECK(audio["realtime_priority"] == 0);
  }
}
