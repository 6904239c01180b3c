// The cue's word in the clinic's language, its own words per cue, each kind's output and the
// runner's heel-strike target (issue 15): the settings, their checks, and what the daemon says
// with them.
#include <catch2/catch.hpp>

#include "settings/cue_presentation.hpp"
#include "settings/daemon_config_file.hpp"
#include "settings/settings_json.hpp"

using namespace stridecue;
using Json = nlohmann::json;

namespace {

Cue cue_of(CueKind kind) {
  Cue c;
  c.kind = kind;
  return c;
}

Cue cadence_cue(double steps_min, double target_steps_min) {
  Cue c = cue_of(CueKind::cadence);
  c.reason.cadence_steps_min = steps_min;
  c.reason.cadence_target_steps_min = target_steps_min;
  return c;
}

GaitSummary strikes(int rearfoot, int midfoot, int forefoot) {
  GaitSummary g;
  const auto add = [&g](StrikePattern p, int n) {
    for (int i = 0; i < n; ++i) {
      StrideRecord r;
      r.side = i % 2 ? Side::left : Side::right;
      r.contact_s = i;
      r.strike = p;
      g.add(r);
    }
  };
  add(StrikePattern::rearfoot, rearfoot);
  add(StrikePattern::midfoot, midfoot);
  add(StrikePattern::forefoot, forefoot);
  return g;
}

}  // namespace

TEST_CASE("the cue's word is the language's, English by default as it always was",
          "[settings][cue]") {
  CuePresentation p;
  CHECK(cue_word(cue_of(CueKind::heel_strike), p) == "LAND ON YOUR FOREFOOT");
  CHECK(cue_word(cue_of(CueKind::hips), p) == "DRIVE FROM THE HIPS");
  CHECK(cue_word(cue_of(CueKind::loading_rate), p) == "RUN SOFTER");
  CHECK(cue_word(cue_of(CueKind::glute_onset), p) == "HIPS EARLY");
  CHECK(cue_word(cadence_cue(165, 180), p) == "QUICKER STEPS");
  CHECK(cue_word(cadence_cue(195, 180), p) == "SLOWER STEPS");
  p.language = CueLanguage::de;
  CHECK(cue_word(cue_of(CueKind::heel_strike), p) == "VORFUSS AUFSETZEN");
  CHECK(cue_word(cue_of(CueKind::hips), p) == "AUS DER HÜFTE");
  CHECK(cue_word(cue_of(CueKind::loading_rate), p) == "LEISER LAUFEN");
  CHECK(cue_word(cadence_cue(195, 180), p) == "LANGSAMERE SCHRITTE");
  p.language = CueLanguage::fr;
  CHECK(cue_word(cue_of(CueKind::loading_rate), p) == "COURS PLUS LÉGER");
  p.language = CueLanguage::es;
  CHECK(cue_word(cadence_cue(165, 180), p) == "PASOS MÁS RÁPIDOS");
}

TEST_CASE("a clinic's own word for one cue wins over the language's, and only for that cue",
          "[settings][cue]") {
  DaemonConfig c;
  apply_settings_patch(c, Json{{"cue.language", "de"}, {"cue.words.loading_rate", "SANFT"}});
  CHECK(c.cue_presentation.language == CueLanguage::de);
  CHECK(cue_word(cue_of(CueKind::loading_rate), c.cue_presentation) == "SANFT");
  CHECK(cue_word(cue_of(CueKind::hips), c.cue_presentation) == "AUS DER HÜFTE");
  CHECK(cue_word(cadence_cue(165, 180), c.cue_presentation) == "SCHNELLERE SCHRITTE");
  apply_settings_patch(c, Json{{"cue.words.cadence_quicker", "TIPPELN"}});
  CHECK(cue_word(cadence_cue(165, 180), c.cue_presentation) == "TIPPELN");
  CHECK(cue_word(cadence_cue(195, 180), c.cue_presentation) == "LANGSAMERE SCHRITTE");
  // Empty again: the language's word.
  apply_settings_patch(c, Json{{"cue", {{"words", {{"loading_rate", ""}}}}}});
  CHECK(cue_word(cue_of(CueKind::loading_rate), c.cue_presentation) == "LEISER LAUFEN");
}

TEST_CASE("the words, language, outputs and target load from the TOML file", "[settings][cue]") {
  const DaemonConfig c = parse_daemon_config(
      "[cue]\nlanguage = \"fr\"\nheel_target_share = 0.9\n"
      "[cue.words]\nhips = \"HANCHES !\"\n"
      "[cue.output]\nheel_strike = \"visual\"\ncadence = \"audio\"\n",
      "test.toml");
  CHECK(c.cue_presentation.language == CueLanguage::fr);
  CHECK(c.cue_presentation.heel_target_share == 0.9);
  CHECK(c.cue_presentation.words[static_cast<std::size_t>(CueWord::hips)] == "HANCHES !");
  CHECK(c.cue.outputs[static_cast<std::size_t>(CueKind::heel_strike)] == CueOutput::visual);
  CHECK(c.cue.outputs[static_cast<std::size_t>(CueKind::cadence)] == CueOutput::audio);
  CHECK(c.cue.outputs[static_cast<std::size_t>(CueKind::hips)] == CueOutput::both);
  // And they are written back the same way.
  const DaemonConfig again = parse_daemon_config(daemon_config_to_toml(c), "again.toml");
  CHECK(settings_to_json(again) == settings_to_json(c));
}

TEST_CASE("bad words, languages, outputs and targets are refused, naming the key",
          "[settings][cue]") {
  const auto refusal = [](const Json& patch) {
    DaemonConfig c;
    try {
      apply_settings_patch(c, patch);
    } catch (const SettingsError& e) {
      return std::pair<std::string, std::string>(e.field(), e.what());
    }
    FAIL("accepted: " << patch.dump());
    return std::pair<std::string, std::string>();
  };
  CHECK(refusal(Json{{"cue.language", "it"}}).first == "cue.language");
  CHECK(refusal(Json{{"cue.output.hips", "loud"}}).first == "cue.output.hips");
  const auto long_word = refusal(Json{{"cue.words.hips", std::string(41, 'H')}});
  CHECK(long_word.first == "cue.words.hips");
  CHECK(long_word.second == "cue.words.hips is 41 bytes long: at most 40 (a word read at 2 m)");
  CHECK(refusal(Json{{"cue.words.glute_onset", "HIPS\nEARLY"}}).first == "cue.words.glute_onset");
  CHECK(refusal(Json{{"cue.heel_target_share", -0.1}}).first == "cue.heel_target_share");
  CHECK(refusal(Json{{"cue.heel_target_share", 1.2}}).first == "cue.heel_target_share");
  CHECK(refusal(Json{{"cue.heel_target_share", nullptr}}).first == "cue.heel_target_share");
}

TEST_CASE("the target asks for the classes the heel cue leaves alone, in the language",
          "[settings][cue]") {
  CuePresentation p;
  CueSettings cue;  // rearfoot cued
  CHECK(heel_target_classes(cue) == 6u);
  CHECK(heel_target_json(p, cue, nullptr)["label"] == "fore/midfoot ≥ 80 %");
  cue.heel_classes = {true, true, false};  // rearfoot and midfoot cued
  CHECK(heel_target_json(p, cue, nullptr)["label"] == "forefoot ≥ 80 %");
  p.language = CueLanguage::de;
  p.heel_target_share = 0.75;
  CHECK(heel_target_json(p, cue, nullptr)["label"] == "Vorfuß ≥ 75 %");
  cue.heel_classes = {true, false, false};
  CHECK(heel_target_json(p, cue, nullptr)["label"] == "Vor-/Mittelfuß ≥ 75 %");
  p.language = CueLanguage::es;
  CHECK(heel_target_json(p, cue, nullptr)["label"] == "ante/mediopié ≥ 75 %");
  // Every class cued leaves nothing to aim for; a share of 0, no target.
  cue.heel_classes = {true, true, true};
  CHECK(heel_target_json(p, cue, nullptr).is_null());
  cue.heel_classes = {true, false, false};
  p.heel_target_share = 0.0;
  CHECK(heel_target_json(p, cue, nullptr).is_null());
}

TEST_CASE("the target's share counts the session's classified strikes of both sides",
          "[settings][cue]") {
  CuePresentation p;  // 0.8
  CueSettings cue;
  cue.heel_classes = {true, true, false};  // the target: forefoot
  const Json none = heel_target_json(p, cue, nullptr);
  CHECK(none["share"].is_null());
  CHECK(none["met"].is_null());
  const GaitSummary short_of = strikes(5, 10, 35);  // 35 of 50 forefoot
  const Json j = heel_target_json(p, cue, &short_of);
  CHECK(j["share"].get<double>() == Approx(0.7));
  CHECK(j["strides"] == 50);
  CHECK(j["met"] == false);
  CHECK(j["classes"] == Json::array({"forefoot"}));
  CHECK(j["min_share"] == 0.8);
  const GaitSummary met = strikes(2, 6, 32);  // 32 of 40
  CHECK(heel_target_json(p, cue, &met)["met"] == true);
  // Midfoot counts too once only rearfoot is cued.
  cue.heel_classes = {true, false, false};
  CHECK(heel_target_json(p, cue, &short_of)["share"].get<double>() == Approx(0.9));
}
