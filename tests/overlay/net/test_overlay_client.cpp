// The overlay's network threads against a real stridecued: waiting while there is none,
// connecting by themselves when it comes, requests answered through the mailbox, and a quick
// stop.
#include <netinet/in.h>
#include <sys/socket.h>

#include <catch2/catch.hpp>

#include "daemon/daemon_process.hpp"
#include "net/message_router.hpp"
#include "net/overlay_client.hpp"
#include "support/free_port.hpp"
#include "support/run_program.hpp"

using namespace stridecue;
using namespace stridecue::overlay;
using namespace stridecue::test;

namespace {

// Runs the UI side's loop (take the mailbox, route) until `done` or `seconds` pass.
template <class F>
bool pump(OverlayClient& client, OverlayView& view, double seconds, F&& done) {
  const auto start = std::chrono::steady_clock::now();
  for (;;) {
    const double now =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    for (const auto& m : client.take_all())
      route(m, view, client, now);
    if (done()) return true;
    if (now > seconds) return false;
    std::this_thread::sleep_for(std::chrono::milliseconds(16));
  }
}

}  // namespace

TEST_CASE("the client waits for the daemon, connects when it comes, and a PATCH is confirmed") {
  TempDir dir("overlay-net");
  const int port = free_port();
  const std::string url = "127.0.0.1:" + std::to_string(port);
  OverlayView view("http://" + url);
  OverlayClient client(parse_api_url(url), "", Backoff{0.1, 0.4});

  REQUIRE(pump(client, view, 5, [&] { return view.link().link == LinkState::waiting_for_daemon; }));
  CHECK(view.status_sentence(0.0).find("waiting for the daemon at http://" + url) == 0);
  CHECK(view.link().detail.find("refused") != std::string::npos);

  DaemonProcess daemon(dir.path(), "[source]\nkind = \"simulator\"\npace = 1.0\n\n[api]\nport = " +
                                       std::to_string(port) +
                                       "\n\n[audio]\nenabled = false\n\n[store]\npath = \"" +
                                       (dir.path() / "sessions.db").string() + "\"\n");
  // Connected by itself; the hello brought the status, and the schema and settings followed.
  REQUIRE(pump(client, view, 10, [&] {
    return view.link().link == LinkState::connected && !view.schema().empty() &&
           view.setting("cue.refractory_s").is_number() && view.force_traces().size() == 2 &&
           view.force_traces()[0].size() > 10;
  }));
  CHECK(view.session_id().has_value());

  const int request = view.on_edit_sent({{"cue.refractory_s", 2.5}}, 0.0);
  client.patch_settings({{"cue.refractory_s", 2.5}}, request);
  REQUIRE(pump(client, view, 10, [&] {
    const auto* e = view.edits().find("cue.refractory_s");
    return e && e->state == EditState::applied && view.setting("cue.refractory_s") == 2.5;
  }));

  const int bad = view.on_edit_sent({{"cue.refractory_s", -1}}, 0.0);
  client.patch_settings({{"cue.refractory_s", -1}}, bad);
  REQUIRE(pump(client, view, 10,
               [&] { return view.edits().find("cue.refractory_s")->state == EditState::refused; }));
  CHECK(view.edits().find("cue.refractory_s")->message.find("out of range") != std::string::npos);

  // The daemon goes away: the client says so and keeps trying.
  daemon.stop();
  REQUIRE(
      pump(client, view, 10, [&] { return view.link().link == LinkState::waiting_for_daemon; }));
  // Its detail is the latest attempt's ("connection refused"), or the close ("1001 server
  // stopping") when no new attempt has failed yet: either way it names why.
  CHECK_FALSE(view.link().detail.empty());
}

TEST_CASE("the client stops while it backs off between attempts") {
  const int port = free_port();
  const std::string url = "127.0.0.1:" + std::to_string(port);
  OverlayView view("http://" + url);
  auto client = std::make_unique<OverlayClient>(parse_api_url(url), "", Backoff{5.0, 5.0});
  REQUIRE(
      pump(*client, view, 5, [&] { return view.link().link == LinkState::waiting_for_daemon; }));
  CHECK(view.link().retry_at_s > 4.0);  // the next attempt is seconds away …
  client.reset();  // … and the destructor does not wait for it (ctest's timeout would tell)
}
