// The view logic on a stream recorded from stridecued on its simulator (fixtures/README.md).
#include <catch2/catch.hpp>
#include <map>

#include "overlay/recorded_stream.hpp"

using namespace stridecue;
using namespace stridecue::overlay;
using test::feed;
using test::first_of;
using test::recorded_session;

TEST_CASE("every recorded message is understood and every cue is counted") {
  const auto messages = recorded_session();
  REQUIRE(messages.size() > 500);
  std::size_t heel = 0, hips = 0;
  for (const auto& m : messages) {
    if (m.event.value("type", "") != "cue") continue;
    heel += m.event.value("kind", "") == "heel_strike";
    hips += m.event.value("kind", "") == "hips";
  }
  REQUIRE(heel > 0);
  REQUIRE(hips > 0);
  OverlayView view("http://127.0.0.1:7878");
  feed(view, messages);
  CHECK(view.bad_messages() == 0);
  CHECK(view.events_seen() == messages.size());
  CHECK(view.cues_seen(CueKind::heel_strike) == heel);
  CHECK(view.cues_seen(CueKind::hips) == hips);
  CHECK(view.link().link == LinkState::connected);
  CHECK(view.session_id() == 1);
  CHECK(view.runner_id() == "runner");
}

TEST_CASE("the cue shows from the moment it arrives, holds, then fades out") {
  const auto messages = recorded_session();
  const auto* cue = first_of(messages, "cue", "heel_strike");
  REQUIRE(cue != nullptr);
  ViewOptions options;
  options.cue = {1.0, 0.5};
  OverlayView view("http://127.0.0.1:7878", options);
  feed(view, messages, cue->recv_s - 1e-6);
  CHECK_FALSE(view.cue().has_value());
  feed(view, {*cue});
  REQUIRE(view.cue().has_value());
  const CueBanner& banner = *view.cue();
  CHECK(banner.kind == CueKind::heel_strike);
  CHECK(banner.side == cue->event.at("side").get<std::string>());
  CHECK(banner.why == cue->event.at("why").get<std::string>());
  CHECK(cue_word(banner.kind) == "LAND ON YOUR FOREFOOT");
  const double t = cue->recv_s;
  CHECK(banner.strength(t, options.cue) == 1.0);
  CHECK(banner.strength(t + 1.0, options.cue) == 1.0);
  CHECK(banner.strength(t + 1.25, options.cue) == Approx(0.5));
  CHECK(banner.strength(t + 1.5, options.cue) == 0.0);
  CHECK_FALSE(banner.visible(t + 2.0, options.cue));
  CHECK_FALSE(banner.visible(t - 0.01, options.cue));
}

TEST_CASE("a hips cue replaces the banner with its own word and colour") {
  const auto messages = recorded_session();
  const auto* hips = first_of(messages, "cue", "hips");
  REQUIRE(hips != nullptr);
  OverlayView view("http://127.0.0.1:7878");
  feed(view, messages, hips->recv_s);
  REQUIRE(view.cue().has_value());
  CHECK(view.cue()->kind == CueKind::hips);
  CHECK(cue_word(CueKind::hips) == "DRIVE FROM THE HIPS");
  CHECK(cue_colour(CueKind::hips) != cue_colour(CueKind::heel_strike));
}

TEST_CASE("strike marks follow each side's strikes, with the stride record's final class") {
  const auto messages = recorded_session();
  // Independently: each side's stances in order, the stride record's class where it came.
  std::map<std::string, std::vector<std::pair<double, std::string>>> expected;
  for (const auto& m : messages) {
    const std::string type = m.event.value("type", "");
    if (type == "strike")
      expected[m.event.at("side")].emplace_back(m.event.at("contact_s").get<double>(),
                                                m.event.at("strike").get<std::string>());
    if (type == "stride") {
      const auto& s = m.event.at("stride");
      for (auto& [contact, cls] : expected[s.at("side")])
        if (std::abs(contact - s.at("contact_s").get<double>()) < 0.005) cls = s.at("strike");
    }
  }
  OverlayView view("http://127.0.0.1:7878");
  feed(view, messages);
  for (const auto& [name, side] :
       {std::pair{"left", Side::left}, std::pair{"right", Side::right}}) {
    const auto& want = expected[name];
    const auto& marks = view.strikes().marks(side);
    REQUIRE(want.size() > StrikeMarks::marks_per_side);
    REQUIRE(marks.size() == StrikeMarks::marks_per_side);
    for (std::size_t i = 0; i < marks.size(); ++i) {
      const auto& [contact, cls] = want[want.size() - marks.size() + i];
      CHECK(marks[i].contact_s == Approx(contact));
      CHECK(to_string(marks[i].strike) == cls);
    }
  }
  // The share over the minute (all 9 s here), computed the same way from the raw messages.
  std::size_t forefoot = 0, all = 0;
  for (const auto& [name, stances] : expected)
    for (const auto& [contact, cls] : stances) {
      ++all;
      forefoot += cls == "forefoot";
    }
  REQUIRE(view.strikes().forefoot_share().has_value());
  CHECK(*view.strikes().forefoot_share() ==
        Approx(static_cast<double>(forefoot) / static_cast<double>(all)));
  CHECK(forefoot > 0);
  CHECK(forefoot < all);
}

TEST_CASE(
    "cadence is the mean of the last ten step times, glute gauges take each side's last ratio") {
  const auto messages = recorded_session();
  std::vector<double> steps;
  std::map<std::string, std::pair<double, bool>> last_glute;
  for (const auto& m : messages) {
    if (m.event.value("type", "") != "stride") continue;
    const auto& s = m.event.at("stride");
    if (s.at("step_time_ms").is_number()) steps.push_back(s.at("step_time_ms").get<double>());
    if (s.at("glute_ratio").is_number())
      last_glute[s.at("side")] = {s.at("glute_ratio").get<double>(),
                                  s.at("glute_drop").get<bool>()};
  }
  REQUIRE(steps.size() >= 10);
  double sum = 0;
  for (std::size_t i = steps.size() - 10; i < steps.size(); ++i)
    sum += steps[i];
  OverlayView view("http://127.0.0.1:7878");
  feed(view, messages);
  REQUIRE(view.cadence_steps_per_min().has_value());
  CHECK(*view.cadence_steps_per_min() == Approx(60000.0 / (sum / 10.0)));
  CHECK(*view.cadence_steps_per_min() > 150.0);  // the simulated runner: 170 steps/min
  CHECK(*view.cadence_steps_per_min() < 190.0);
  REQUIRE(last_glute.size() == 2);
  CHECK(*view.glute(Side::left).ratio == Approx(last_glute["left"].first));
  CHECK(view.glute(Side::left).drop == last_glute["left"].second);
  CHECK(*view.glute(Side::right).ratio == Approx(last_glute["right"].first));
  CHECK(view.glute_drop_threshold() == 0.8);  // the default, until the settings are read
  view.on_settings({{"glute", {{"baseline", {{"drop_ratio", 0.7}}}}}});
  CHECK(view.glute_drop_threshold() == 0.7);
}

TEST_CASE("traces are named by the hello and hold the last seconds of signals") {
  const auto messages = recorded_session();
  std::size_t signals = 0;
  for (const auto& m : messages)
    signals += m.event.value("type", "") == "signals";
  OverlayView view("http://127.0.0.1:7878");
  feed(view, messages);
  REQUIRE(view.force_traces().size() == 2);
  REQUIRE(view.emg_traces().size() == 2);
  CHECK(view.force_traces()[0].name() == "left_fz_n");
  CHECK(view.emg_traces()[1].name() == "emg_gmed_right_v");
  CHECK(view.force_traces()[0].size() == signals);
  // 50 Hz: five seconds are 250 samples, give or take one at each end.
  const auto last5 = view.force_traces()[1].last(5.0);
  CHECK(last5.size() >= 249);
  CHECK(last5.size() <= 252);
  float peak = 0;
  for (float v : last5)
    peak = std::max(peak, v);
  CHECK(peak > 1000.0f);  // a 70 kg runner lands at ~2.5 body weights
}

TEST_CASE("the recorded settings change arrives applied, then as a value") {
  const auto messages = recorded_session();
  const auto* applied = first_of(messages, "settings_applied");
  REQUIRE(applied != nullptr);
  OverlayView view("http://127.0.0.1:7878");
  view.on_settings({{"cue", {{"refractory_s", 1.0}}}});
  // The coach sent it just before; the stream confirms version 1 before the answer comes.
  test::StreamPlayer player(messages);
  player.play_until(view, applied->recv_s - 0.2);
  const int request = view.on_edit_sent({{"cue.refractory_s", 2.0}}, applied->recv_s - 0.1);
  CHECK(view.edits().find("cue.refractory_s")->state == EditState::pending);
  player.play_until(view, applied->recv_s);  // settings_applied, then settings, in the recording
  CHECK(view.setting("cue.refractory_s") == 2.0);
  CHECK(view.edits().find("cue.refractory_s")->state == EditState::pending);  // no version yet
  view.on_edit_answer(request, 200, R"({"version":1,"applied":true,"changes":[]})",
                      applied->recv_s + 0.01);
  CHECK(view.edits().find("cue.refractory_s")->state == EditState::applied);
}
