// Daemon commands that go nowhere: for drawing a recorded stream without a daemon (the render
// tests and bench_overlay_frame), where the coach panel's buttons are never pressed.
#pragma once

#include "net/overlay_client.hpp"

namespace stridecue::overlay {

struct NoDaemon : DaemonCommands {
  void patch_settings(const nlohmann::json&, int) override {}
  void start_session(const std::string&) override {}
  void stop_session() override {}
  void reset_baseline(const std::string&) override {}
  void fetch_settings() override {}
  void fetch_status() override {}
};

}  // namespace stridecue::overlay
