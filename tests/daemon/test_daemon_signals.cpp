// The live traces on the stream (issue 18): sampled at api.signal_rate_hz and sent
// api.signal_batch_s at a time, so that a client gets every sample in a tenth of the messages;
// with no batch, a message per sample as before.
#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include "daemon/daemon_process.hpp"
#include "daemon/event_log.hpp"

using namespace stridecue;
using Json = nlohmann::json;

namespace {

std::string signals_config(double batch_s) {
  return "[source]\nkind = \"simulator\"\npace = 1.0\n\n"
         "[api]\nport = 0\nsignal_rate_hz = 50.0\nsignal_batch_s = " +
         std::to_string(batch_s) + "\n\n[store]\nenabled = false\n\n[audio]\nenabled = false\n";
}

std::vector<Json> signal_messages(const std::filesystem::path& dir, double batch_s,
                                  std::size_t messages) {
  test::DaemonProcess daemon(dir, signals_config(batch_s));
  test::EventLog log(daemon.client());
  REQUIRE(log.wait_for("signals", messages, 30.0));
  std::vector<Json> found;
  for (const Json& e : log.events())
    if (e["type"] == "signals") found.push_back(e);
  return found;
}

}  // namespace

TEST_CASE("Live signals come five samples to a message, every sample at the signal rate",
          "[daemon]") {
  test::TempDir dir("daemon-signal-batch");
  const std::vector<Json> messages = signal_messages(dir.path(), 0.1, 12);
  REQUIRE(messages.size() >= 12);
  std::vector<double> times;
  for (const Json& m : messages) {
    REQUIRE(m.contains("batch"));
    const Json& batch = m["batch"];
    CHECK(batch.size() == 5);
    // The top level is the newest sample, for a client that reads no batch.
    CHECK(m["session_s"] == batch.back()["session_s"]);
    CHECK(m["fz_n"] == batch.back()["fz_n"]);
    CHECK(m["emg_v"] == batch.back()["emg_v"]);
    for (const Json& sample : batch) {
      CHECK(sample["fz_n"].size() == 2);  // the simulator's split belt: a plate per foot
      CHECK(sample["emg_v"].size() == 2);
      times.push_back(sample["session_s"].get<double>());
    }
  }
  // No sample lost or repeated between messages: one every 20 ms (to the 2 ms block).
  for (std::size_t i = 1; i < times.size(); ++i) {
    INFO("sample " << i << " at " << times[i] << " s, the one before at " << times[i - 1]);
    CHECK(times[i] - times[i - 1] >= 0.020 - 1e-9);
    CHECK(times[i] - times[i - 1] <= 0.022 + 1e-9);
  }
}

TEST_CASE("With api.signal_batch_s = 0 each signal sample is its own message", "[daemon]") {
  test::TempDir dir("daemon-signal-single");
  const std::vector<Json> messages = signal_messages(dir.path(), 0.0, 20);
  REQUIRE(messages.size() >= 20);
  for (std::size_t i = 0; i < messages.size(); ++i) {
    CHECK_FALSE(messages[i].contains("batch"));
    if (i > 0) {
      const double gap =
          messages[i]["session_s"].get<double>() - messages[i - 1]["session_s"].get<double>();
      CHECK(gap >= 0.020 - 1e-9);
      CHECK(gap <= 0.022 + 1e-9);
    }
  }
}
