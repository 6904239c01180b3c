// `stridecue` end to end, as a user runs it: simulate a trial, analyze it, read the output.
#include <sys/resource.h>
#include <algorithm>
#include <catch2/catch.hpp>
#include <cmath>

#include <nlohmann/json.hpp>

#include "support/run_program.hpp"
#include "support/test_paths.hpp"

using namespace stridecue::test;
using Json = nlohmann::json;

namespace {

const std::string kStridecue = stridecue::test::cli_path();
#if defined(__SANITIZE_ADDRESS__)
constexpr bool kUnderAsan = true;
#else
constexpr bool kUnderAsan = false;
#endif

std::vector<Json> json_lines(const ProgramResult& r) {
  std::vector<Json> out;
  for (const auto& line : r.out_lines())
    out.push_back(Json::parse(line));
  return out;
}

// analyze's JSON lines without its cue lines ({"type": "cue", ...}) and the summary.
std::vector<Json> stride_lines(const std::vector<Json>& lines) {
  std::vector<Json> out;
  for (const auto& j : lines)
    if (!j.contains("type") && !j.contains("summary")) out.push_back(j);
  return out;
}

// truth.csv rows: side,contact_s,toe_off_s,...
std::vector<std::pair<std::string, double>> truth_contacts(const std::string& path) {
  std::vector<std::pair<std::string, double>> rows;
  std::istringstream in(read_file(path));
  std::string line;
  std::getline(in, line);  // header
  while (std::getline(in, line)) {
    const auto comma = line.find(',');
    rows.emplace_back(line.substr(0, comma), std::stod(line.substr(comma + 1)));
  }
  return rows;
}

}  // namespace

TEST_CASE("simulate writes a trial that analyze reads back, stride for stride", "[cli]") {
  TempDir dir("cli-sim");
  const auto sim =
      run_program(kStridecue + " simulate --minutes 0.5 --seed 9 --out " + (dir / "trial.csv"));
  REQUIRE(sim.exit_code == 0);
  const auto truth = truth_contacts(dir / "trial.truth.csv");
  REQUIRE(truth.size() > 70);

  const auto analysis =
      run_program(kStridecue + " analyze " + (dir / "trial.csv") + " --format json --runner " +
                  (dir / "trial.runner.toml") + " --treadmill " + (dir / "trial.treadmill.toml"));
  REQUIRE(analysis.exit_code == 0);
  const auto lines = json_lines(analysis);
  REQUIRE(lines.size() >= 2);
  const Json summary = lines.back().at("summary");
  const auto stride_json = stride_lines(lines);
  const std::size_t strides = stride_json.size();
  CHECK(summary.at("strides").at("left").get<std::size_t>() +
            summary.at("strides").at("right").get<std::size_t>() ==
        strides);
  CHECK(summary.at("cadence_steps_per_min").get<double>() == Approx(170.0).epsilon(0.02));
  CHECK(summary.at("treadmill") == "split");

  // Every stride matches a simulated one (same side, contact within 2 ms); at most the last
  // simulated stride (still in stance when the trial ends) is missing.
  CHECK(strides + 1 >= truth.size());
  std::size_t t = 0;
  for (std::size_t i = 0; i < strides; ++i) {
    const Json& s = stride_json[i];
    for (const char* key : {"side", "contact_s", "toe_off_s", "contact_time_ms", "peak_fz_bw"}) {
      REQUIRE(s.contains(key));
    }
    while (t < truth.size() && truth[t].second < s.at("contact_s").get<double>() - 0.1)
      ++t;
    REQUIRE(t < truth.size());
    CHECK(s.at("side") == truth[t].first);
    CHECK(std::abs(s.at("contact_s").get<double>() - truth[t].second) <= 0.002);
    CHECK(s.at("peak_fz_bw").get<double>() > 1.5);  // body mass came from the runner file
  }
}

TEST_CASE("analyze writes CSV: a header and a row per step, the summary apart", "[cli]") {
  TempDir dir("cli-csv");
  REQUIRE(
      run_program(kStridecue + " simulate --minutes 0.2 --layout single --out " + (dir / "t.csv"))
          .exit_code == 0);
  const auto r = run_program(kStridecue + " analyze " + (dir / "t.csv") + " --format csv");
  REQUIRE(r.exit_code == 0);
  const auto lines = r.out_lines();
  REQUIRE(lines.size() > 10);
  CHECK(lines.front().starts_with("step,side,side_from,side_confidence,plate,contact_s,toe_off_s"));
  CHECK_THAT(lines.front(),
             Catch::EndsWith(",gmed_activation_uv,gmed_pct_of_baseline,"
                             "gmed_onset_ms,gmed_offset_ms,gmed_mdf_hz,gmed_quality"));
  for (const auto& line : lines)
    CHECK_FALSE(line.starts_with("#"));
  // Without --summary the summary is text on stderr, for the person at the terminal.
  CHECK_THAT(r.err, Catch::Contains(std::to_string(lines.size() - 1) + " steps (") &&
                        Catch::Contains(", single layout; cadence"));
  // With it, a CSV of its own: a row per side and one for both.
  const auto s = run_program(kStridecue + " analyze " + (dir / "t.csv") +
                             " --format csv --summary " + (dir / "summary.csv"));
  REQUIRE(s.exit_code == 0);
  CHECK(s.out == r.out);
  CHECK_THAT(s.err, !Catch::Contains(" steps ("));
  std::ifstream in(dir / "summary.csv");
  std::vector<std::string> rows;
  for (std::string line; std::getline(in, line);)
    rows.push_back(line);
  REQUIRE(rows.size() == 4);
  CHECK(rows[0].starts_with("side,steps,cadence_steps_per_min,mean_contact_time_ms,"));
  CHECK(rows[1].starts_with("left,"));
  CHECK(rows[2].starts_with("right,"));
  CHECK(rows[3].starts_with("all," + std::to_string(lines.size() - 1) + ","));
  // A file that cannot be written is named before any work is done.
  const auto bad = run_program(kStridecue + " analyze " + (dir / "t.csv") +
                               " --format csv --summary " + (dir / "no/such/dir/s.csv"));
  CHECK(bad.exit_code == 1);
  CHECK_THAT(bad.err, Catch::Contains("--summary " + (dir / "no/such/dir/s.csv") +
                                      ": cannot open for writing"));
  CHECK(bad.out.empty());
}

TEST_CASE("analyze --c3d and --mot write the trial for other tools, with the strides it found",
          "[cli]") {
  TempDir dir("cli-interchange");
  REQUIRE(
      run_program(kStridecue + " simulate --minutes 0.2 --layout single --out " + (dir / "t.csv"))
          .exit_code == 0);
  const auto first =
      run_program(kStridecue + " analyze --no-cues --format json " + (dir / "t.csv") + " --c3d " +
                  (dir / "t.c3d") + " --mot " + (dir / "t.mot"));
  INFO(first.err);
  REQUIRE(first.exit_code == 0);
  CHECK_THAT(first.err, Catch::Contains("wrote " + (dir / "t.c3d")) &&
                            Catch::Contains("wrote " + (dir / "t.mot")));
  std::vector<nlohmann::json> strides;
  for (const auto& line : first.out_lines()) {
    auto j = nlohmann::json::parse(line);
    if (j.contains("contact_s")) strides.push_back(std::move(j));
  }
  REQUIRE(strides.size() > 10);

  // The C3D's events are those strides: a Foot Strike at each contact on its side.
  const auto info = run_program(kStridecue + " info --format json " + (dir / "t.c3d"));
  INFO(info.err);
  REQUIRE(info.exit_code == 0);
  const auto events = nlohmann::json::parse(info.out)["events"];
  REQUIRE(events.size() == 2 * strides.size());
  std::size_t k = 0;
  for (const auto& e : events) {
    if (e["label"] != "Foot Strike") continue;
    CHECK(e["context"] == (strides[k]["side"] == "left" ? "Left" : "Right"));
    CHECK(e["time_s"].get<double>() == Approx(strides[k]["contact_s"].get<double>()).margin(1e-3));
    ++k;
  }
  // The .mot puts each stance on its own foot: analyzed again, the sides come from the plates.
  const auto again =
      run_program(kStridecue + " analyze --no-cues --format json " + (dir / "t.mot"));
  INFO(again.err);
  REQUIRE(again.exit_code == 0);
  std::size_t same_side = 0, found = 0;
  for (const auto& line : again.out_lines()) {
    const auto j = nlohmann::json::parse(line);
    if (!j.contains("contact_s")) continue;
    for (const auto& s : strides) {
      if (std::abs(s["contact_s"].get<double>() - j["contact_s"].get<double>()) < 0.02) {
        ++found;
        same_side += s["side"] == j["side"];
      }
    }
  }
  CHECK(found == strides.size());
  CHECK(same_side == found);
}

TEST_CASE("a malformed trial gets file, line and column, and exit code 2", "[cli]") {
  TempDir dir("cli-bad");
  {
    std::ofstream f(dir / "bad.csv");
    f << "time_s,left_fz_n\n0.000,1\n0.001,abc\n";
  }
  const auto r = run_program(kStridecue + " analyze " + (dir / "bad.csv"));
  CHECK(r.exit_code == 2);
  CHECK(r.err.find(dir / "bad.csv:3:2: ") != std::string::npos);
  CHECK(r.out.empty());

  const auto missing = run_program(kStridecue + " analyze " + (dir / "nothing.csv"));
  CHECK(missing.exit_code == 2);
  CHECK(missing.err.find("nothing.csv") != std::string::npos);

  const auto unknown = run_program(kStridecue + " analyze " + (dir / "bad.c3po"));
  CHECK(unknown.exit_code == 2);
  CHECK(unknown.err.find("unknown trial format '.c3po'") != std::string::npos);
}

TEST_CASE("a bad runner file is named with line and column, exit code 2", "[cli]") {
  TempDir dir("cli-toml");
  REQUIRE(run_program(kStridecue + " simulate --minutes 0.1 --out " + (dir / "t.csv")).exit_code ==
          0);
  {
    std::ofstream f(dir / "runner.toml");
    f << "name = \"A\"\nbody_mass = 70\n";
  }
  auto r = run_program(kStridecue + " analyze " + (dir / "t.csv") + " --runner " +
                       (dir / "runner.toml"));
  CHECK(r.exit_code == 2);
  CHECK(r.err.find(dir / "runner.toml:2:1: unknown key 'body_mass' (known keys: name, "
                         "body_mass_kg, foot_length_m)") != std::string::npos);
  {
    std::ofstream f(dir / "runner.toml");
    f << "body_mass_kg = 7000\n";
  }
  r = run_program(kStridecue + " analyze " + (dir / "t.csv") + " --runner " +
                  (dir / "runner.toml"));
  CHECK(r.exit_code == 2);
  CHECK(r.err.find("runner.toml:1:16: body_mass_kg = 7000 is out of range: 20 to 250 kg") !=
        std::string::npos);

  r = run_program(kStridecue + " analyze " + (dir / "t.csv") + " --release-threshold-n 80");
  CHECK(r.exit_code == 2);
  CHECK(r.err.find("contact_threshold_n must be above release_threshold_n") != std::string::npos);
}

TEST_CASE("run: the main job prints strides as it finds them, then the summary", "[cli]") {
  const auto r = run_program(
      kStridecue +
      " run --seconds 5 --pace 0 --format json --seed 2 --port 0 --no-store --no-audio");
  REQUIRE(r.exit_code == 0);
  const auto lines = json_lines(r);
  REQUIRE(lines.size() >= 12);  // ~14 steps in 5 s at 170 steps/min
  CHECK(lines.back().contains("summary"));
  CHECK(lines.front().at("peak_fz_bw").is_number());

  const auto table =
      run_program(kStridecue + " run --seconds 2 --pace 0 --port 0 --no-store --no-audio");
  REQUIRE(table.exit_code == 0);
  CHECK(table.out.find("  step side  contact_s contact_ms step_ms peak_BW impact_BW") !=
        std::string::npos);
  CHECK(table.out.find(", split layout; cadence") != std::string::npos);
  CHECK(table.out.find("left  strikes: rearfoot") != std::string::npos);
}

TEST_CASE("analyze reads an OpenSim storage file with the profile that fits it", "[cli]") {
  TempDir dir("cli-mot");
  {
    std::ofstream f(dir / "t.mot");
    f << "t\nendheader\ntime\tground_force_r_vy\tground_force_l_vy\n";
    for (int k = 0; k < 1000; ++k) {
      const double t = k * 0.002;
      const double r = (t > 0.5 && t < 0.75) ? 1500.0 * std::sin((t - 0.5) / 0.25 * M_PI) : 0.0;
      f << t << '\t' << r << "\t0\n";
    }
  }
  const auto r = run_program(kStridecue + " analyze " + (dir / "t.mot") + " --format json");
  REQUIRE(r.exit_code == 0);
  const auto lines = json_lines(r);
  REQUIRE(lines.size() == 2);
  CHECK(lines[0].at("side") == "right");
  CHECK(lines[0].at("contact_s").get<double>() == Approx(0.5).margin(0.002));
}

TEST_CASE("analyze streams: a trial larger than 100 MB is analysed in under 100 MB", "[cli]") {
  TempDir dir("cli-rss");
  REQUIRE(run_program(kStridecue + " simulate --minutes 10 --seed 4 --out " + (dir / "t.csv"))
              .exit_code == 0);
  REQUIRE(run_program(kStridecue + " simulate --minutes 0.2 --seed 4 --out " + (dir / "s.csv"))
              .exit_code == 0);
  const auto size_mb = static_cast<double>(std::filesystem::file_size(dir / "t.csv")) / 1e6;
  REQUIRE(size_mb > 100.0);  // a reader that kept the file could not pass
  // Under AddressSanitizer freed memory waits in a quarantine (256 MB by default) before reuse;
  // a small one keeps the measure about our memory, not the sanitizer's.
  const std::string env = kUnderAsan ? "ASAN_OPTIONS=\"$ASAN_OPTIONS:quarantine_size_mb=1\" " : "";
  // Peak resident set of one analyze run (GNU time's %M, in KiB), on its stderr's last line.
  const auto peak_mb = [&](const std::string& file) {
    const auto r = run_program(env + "/usr/bin/time -f '%M' " + kStridecue + " analyze " +
                               (dir / file) + " --format csv");
    REQUIRE(r.exit_code == 0);
    const auto last = r.err.find_last_of('\n', r.err.size() - 2);
    return std::stod(r.err.substr(last == std::string::npos ? 0 : last + 1)) / 1024.0;
  };
  const double small_mb = peak_mb("s.csv");
  const double large_mb = peak_mb("t.csv");
  CAPTURE(size_mb, small_mb, large_mb);
  // Flat: a file 50 times longer costs no more memory (a few MB of allocator noise).
  CHECK(large_mb - small_mb < 10.0);
  // And small in absolute terms — not measured under ASan, whose shadow memory and runtime
  // are most of the resident set.
  if (!kUnderAsan) CHECK(large_mb < 100.0);
}

TEST_CASE("analyze reports the cues of the session core: stream JSON, table lines, a CSV file",
          "[cli][cues]") {
  TempDir dir("cli-cues");
  REQUIRE(run_program(kStridecue + " simulate --minutes 0.5 --seed 9 --pattern rearfoot --out " +
                      (dir / "t.csv"))
              .exit_code == 0);
  const std::string analyze = kStridecue + " analyze " + (dir / "t.csv") + " --runner " +
                              (dir / "t.runner.toml") + " --treadmill " +
                              (dir / "t.treadmill.toml");
  const auto r = run_program(analyze + " --format json");
  INFO(r.err);
  REQUIRE(r.exit_code == 0);
  const auto lines = json_lines(r);
  const Json summary = lines.back().at("summary");
  std::vector<Json> cues;
  std::vector<double> stride_contacts;
  for (const auto& j : lines) {
    if (j.value("type", "") == "cue") cues.push_back(j);
    if (!j.contains("type") && !j.contains("summary")) stride_contacts.push_back(j["contact_s"]);
  }
  // A rearfoot runner: every early-decided strike is a miss, one cue a second at most per kind.
  REQUIRE(stride_contacts.size() > 70);
  REQUIRE(cues.size() > 20);
  std::uint64_t heel = 0;
  for (std::size_t i = 0; i < cues.size(); ++i) {
    const Json& c = cues[i];
    CAPTURE(c.dump());
    CHECK(c["seq"] == i + 1);
    CHECK_FALSE(c.contains("receipt_to_decision_ns"));  // a host time: not in the data
    for (const char* key : {"kind", "side", "contact_s", "decided_s", "why", "reason"})
      CHECK(c.contains(key));
    if (c["kind"] != "heel_strike") continue;
    ++heel;
    CHECK(c["reason"]["strike"] == "rearfoot");
    CHECK(c["reason"]["mode"] == "every_stride");
    CHECK(c["decided_s"].get<double>() - c["contact_s"].get<double>() <= 0.0505);  // deadline
    CHECK(std::find(stride_contacts.begin(), stride_contacts.end(), c["contact_s"]) !=
          stride_contacts.end());
    if (i > 0 && cues[i - 1]["kind"] == "heel_strike") {
      CHECK(c["decided_s"].get<double>() - cues[i - 1]["decided_s"].get<double>() >= 0.9999);
    }
  }
  CHECK(heel > 20);
  CHECK(summary["cues"]["heel_strike"] == heel);
  CHECK(summary["cues"]["hips"].get<std::size_t>() == cues.size() - heel);

  // --no-cues: the same strides and summary, no cue lines.
  const auto quiet = run_program(analyze + " --format json --no-cues");
  REQUIRE(quiet.exit_code == 0);
  const auto quiet_lines = json_lines(quiet);
  CHECK(quiet_lines.size() == lines.size() - cues.size());
  CHECK(quiet_lines.back() == lines.back());

  // The table: a line per cue and the counts; CSV: a row per cue in --cues FILE, none among
  // the steps, the counts in the summary.
  const auto table = run_program(analyze);
  REQUIRE(table.exit_code == 0);
  std::size_t table_cues = 0;
  for (const auto& line : table.out_lines())
    table_cues += line.starts_with("  >> LAND ON YOUR FOREFOOT") ? 1 : 0;
  CHECK(table_cues == heel);
  CHECK(table.out.find("cues: " + std::to_string(heel) + " heel-strike, ") != std::string::npos);
  const auto csv = run_program(analyze + " --format csv --cues " + (dir / "cues.csv"));
  REQUIRE(csv.exit_code == 0);
  CHECK(csv.out_lines().size() == stride_contacts.size() + 1);
  CHECK_THAT(csv.err, Catch::Contains("cues: " + std::to_string(heel) + " heel-strike, "));
  std::ifstream in(dir / "cues.csv");
  std::vector<std::string> rows;
  for (std::string line; std::getline(in, line);)
    rows.push_back(line);
  REQUIRE(rows.size() == cues.size() + 1);
  CHECK(rows[0].starts_with("seq,kind,side,contact_s,decided_s,decision_ms,why,mode,"));
  CHECK(rows[1].starts_with("1," + cues[0]["kind"].get<std::string>() + ","));
  // Without --cues, the steps alone, and a word on stderr about the cues left out.
  const auto plain = run_program(analyze + " --format csv");
  CHECK(plain.out == csv.out);
  CHECK_THAT(plain.err, Catch::Contains(std::to_string(cues.size()) +
                                        " cues are not in the CSV: --cues FILE writes them"));
}

TEST_CASE("analyze takes its cue settings from a daemon config, as run does", "[cli][cues]") {
  TempDir dir("cli-cue-config");
  REQUIRE(run_program(kStridecue + " simulate --minutes 0.5 --seed 9 --pattern rearfoot --out " +
                      (dir / "t.csv"))
              .exit_code == 0);
  {
    std::ofstream f(dir / "quiet.toml");
    f << "[cue]\nheel_enabled = false\n";
  }
  {
    std::ofstream f(dir / "sparse.toml");
    f << "[cue]\nrefractory_s = 5.0\n";
  }
  const std::string analyze = kStridecue + " analyze " + (dir / "t.csv") + " --runner " +
                              (dir / "t.runner.toml") + " --format json --config ";
  const auto count = [&](const std::string& config) {
    const auto r = run_program(analyze + (dir / config));
    INFO(r.err);
    REQUIRE(r.exit_code == 0);
    return json_lines(r).back()["summary"]["cues"]["heel_strike"].get<int>();
  };
  CHECK(count("quiet.toml") == 0);
  const int sparse = count("sparse.toml");
  CHECK(sparse > 2);
  CHECK(sparse <= 7);  // 30 s, one every 5 s at most

  // The words and outputs too: each cue line as the daemon words it in the config's language.
  {
    std::ofstream f(dir / "german.toml");
    f << "[cue]\nlanguage = \"de\"\n[cue.output]\nheel_strike = \"visual\"\n";
  }
  const auto german = run_program(analyze + (dir / "german.toml"));
  REQUIRE(german.exit_code == 0);
  std::size_t worded = 0;
  for (const Json& j : json_lines(german)) {
    if (j.value("type", "") != "cue" || j["kind"] != "heel_strike") continue;
    CHECK(j["word"] == "VORFUSS AUFSETZEN");
    CHECK(j["output"] == "visual");
    ++worded;
  }
  CHECK(worded > 2);

  {
    std::ofstream f(dir / "bad.toml");
    f << "[cue]\nmode = \"often\"\n";
  }
  const auto bad = run_program(analyze + (dir / "bad.toml"));
  CHECK(bad.exit_code == 2);
  CHECK(bad.err.find("bad.toml:2:") != std::string::npos);
}

TEST_CASE("analyze gives the loading-rate and cadence cues a config switches on", "[cli][cues]") {
  TempDir dir("cli-evidence-cues");
  REQUIRE(run_program(kStridecue + " simulate --minutes 0.5 --seed 9 --pattern rearfoot --out " +
                      (dir / "t.csv"))
              .exit_code == 0);
  {
    // The simulated runner steps at 170/min, below 185 ± 3 %, and keeps his loading rate.
    std::ofstream f(dir / "evidence.toml");
    f << "[cue]\nheel_enabled = false\nhips_enabled = false\nrefractory_s = 0.0\n"
         "[cue.loading_rate]\nenabled = true\nbaseline_strides = 10\n"
         "[cue.cadence]\nenabled = true\ntarget_steps_min = 185.0\n";
  }
  const std::string analyze = kStridecue + " analyze " + (dir / "t.csv") + " --runner " +
                              (dir / "t.runner.toml") + " --config " + (dir / "evidence.toml");
  const auto r = run_program(analyze + " --format json");
  INFO(r.err);
  REQUIRE(r.exit_code == 0);
  const auto lines = json_lines(r);
  const Json summary = lines.back().at("summary");
  std::size_t softer = 0, cadence = 0;
  for (const auto& j : lines) {
    if (j.value("type", "") != "cue") continue;
    CAPTURE(j.dump());
    if (j["kind"] == "loading_rate") {
      ++softer;
      CHECK(j["reason"]["valr_bw_s"].get<double>() > j["reason"]["valr_limit_bw_s"].get<double>());
    } else {
      REQUIRE(j["kind"] == "cadence");
      ++cadence;
      CHECK(j["reason"]["cadence_target_steps_min"] == 185.0);
      CHECK(j["reason"]["cadence_steps_min"].get<double>() < 185.0 * 0.97);
      CHECK(j["why"].get<std::string>().starts_with("Cadence cue"));
    }
  }
  CHECK(softer > 40);   // ~85 strides less 10 of each side learning
  CHECK(cadence > 60);  // every stride once the mean of six has its steps
  CHECK(summary["cues"]["loading_rate"] == softer);
  CHECK(summary["cues"]["cadence"] == cadence);
  CHECK(summary["cues"]["heel_strike"] == 0);
  CHECK(summary["cues"]["glute_onset"] == 0);

  const auto table = run_program(analyze);
  REQUIRE(table.exit_code == 0);
  std::size_t softer_lines = 0, cadence_lines = 0;
  for (const auto& line : table.out_lines()) {
    softer_lines += line.starts_with("  >> RUN SOFTER") ? 1 : 0;
    cadence_lines += line.starts_with("  >> CADENCE") ? 1 : 0;
  }
  CHECK(softer_lines == softer);
  CHECK(cadence_lines == cadence);
}

TEST_CASE("analyze names a session store without --session, and a session that is not there",
          "[cli][cues]") {
  TempDir dir("cli-session-errors");
  { std::ofstream(dir / "sessions.db") << "not a store"; }
  const auto r = run_program(kStridecue + " analyze " + (dir / "sessions.db"));
  CHECK(r.exit_code == 2);
  CHECK(r.err.find("sessions.db: a session store: say which session with --session ID") !=
        std::string::npos);
  CHECK(r.out.empty());
  const auto bad = run_program(kStridecue + " analyze " + (dir / "sessions.db") + " --session 1");
  CHECK(bad.exit_code == 2);
  CHECK(bad.err.find("sessions.db") != std::string::npos);
  const auto missing = run_program(kStridecue + " analyze " + (dir / "none.db") + " --session 1");
  CHECK(missing.exit_code == 2);
  CHECK(missing.err.find("none.db: no such session store") != std::string::npos);
}
