// `stridecue analyze --markers --static`: the foot-strike angle from markers beside the
// force-based strike class, on the Rajagopal run (grf_run.mot + motion_capture_run.trc +
// static_run.trc: 14 strides, all rearfoot by the markers at 21–25°), and its errors.
#include <catch2/catch.hpp>
#include <cmath>
#include <fstream>

#include <nlohmann/json.hpp>

#include "files/marker_trajectories.hpp"
#include "support/run_program.hpp"
#include "support/test_paths.hpp"

using namespace stridecue::test;
using Json = nlohmann::json;

namespace {

const std::string kStridecue = stridecue::test::cli_path();

std::vector<Json> json_lines(const ProgramResult& r) {
  std::vector<Json> out;
  for (const auto& line : r.out_lines())
    out.push_back(Json::parse(line));
  return out;
}

std::string shell_path(const std::filesystem::path& p) {
  return "'" + p.string() + "'";
}

// The belt speed from the markers, as tests/realdata/test_rajagopal_strike.cpp finds it: the
// toe marker's backward speed from 30 % to 60 % of each stance, when the foot is flat on the
// belt. The stances come from a first analyze without markers.
double belt_speed_m_s(const std::filesystem::path& dir) {
  const auto r = run_program(kStridecue + " analyze " + shell_path(dir / "grf_run.mot") +
                             " --format json --no-cues");
  REQUIRE(r.exit_code == 0);
  const auto run = stridecue::read_marker_file((dir / "motion_capture_run.trc").string());
  REQUIRE(run);
  const auto x_at = [&](const std::string& name, double t) {
    const std::size_t m = *run->find(name);
    std::size_t k = 0;
    while (k + 2 < run->frames() && run->times_s[k + 1] < t)
      ++k;
    const double u = (t - run->times_s[k]) / (run->times_s[k + 1] - run->times_s[k]);
    return run->at(k, m)[0] + u * (run->at(k + 1, m)[0] - run->at(k, m)[0]);
  };
  double sum = 0.0;
  int n = 0;
  for (const auto& j : json_lines(r)) {
    if (!j.contains("contact_s")) continue;
    const std::string toe = j["side"] == "left" ? "LTOE" : "RTOE";
    const double t0 = j["contact_s"].get<double>() + 0.3 * j["contact_time_ms"].get<double>() / 1e3;
    const double t1 = j["contact_s"].get<double>() + 0.6 * j["contact_time_ms"].get<double>() / 1e3;
    sum += (x_at(toe, t0) - x_at(toe, t1)) / (t1 - t0);
    ++n;
  }
  REQUIRE(n == 14);
  return sum / n;
}

}  // namespace

TEST_CASE("analyze --markers --static: every step gets its foot-strike angle, in every format",
          "[cli][markers]") {
  const auto dir = data_dir() / "rajagopal";
  const double belt = belt_speed_m_s(dir);
  CHECK(belt > 3.0);
  CHECK(belt < 4.5);
  const std::string command = kStridecue + " analyze " + shell_path(dir / "grf_run.mot") +
                              " --no-cues --markers " + shell_path(dir / "motion_capture_run.trc") +
                              " --static " + shell_path(dir / "static_run.trc") +
                              " --belt-speed-m-s " + std::to_string(belt);

  const auto json = run_program(command + " --format json");
  INFO(json.err);
  REQUIRE(json.exit_code == 0);
  const auto lines = json_lines(json);
  REQUIRE(lines.size() == 15);
  for (std::size_t i = 0; i < 14; ++i) {
    CAPTURE(i, lines[i].dump());
    REQUIRE(lines[i]["fsa_deg"].is_number());
    CHECK(lines[i]["fsa_deg"].get<double>() > 21.0);
    CHECK(lines[i]["fsa_deg"].get<double>() < 26.0);
    CHECK(lines[i]["fsa_strike"] == "rearfoot");
    CHECK(lines[i]["strike"] == "rearfoot");
  }
  const Json& fsa = lines[14]["foot_strike_angle"];
  CHECK(fsa["force_by_markers"]["rearfoot"]["rearfoot"] == 14);
  CHECK(fsa["compared"] == 14);
  CHECK(fsa["agreed"] == 14);
  CHECK(fsa["agreement_pct"] == 100.0);
  CHECK(fsa["near_boundary"] == 0);
  CHECK(fsa["without_angle"] == 0);
  CHECK_THAT(fsa["markers"].get<std::string>(),
             Catch::Contains("{side}CAL") && Catch::Contains("vertical +Y, forward +X"));

  const auto csv = run_program(command + " --format csv");
  REQUIRE(csv.exit_code == 0);
  const auto rows = csv.out_lines();
  REQUIRE(rows.size() == 15);  // the header and 14 steps; the summary apart
  CHECK_THAT(rows[0], Catch::EndsWith(",fsa_deg,fsa_strike"));
  CHECK_THAT(rows[1], Catch::EndsWith(",rearfoot"));
  CHECK_THAT(csv.err, Catch::Contains("agreement: 14 of 14 steps classified both ways"));

  const auto table = run_program(command);
  REQUIRE(table.exit_code == 0);
  CHECK_THAT(table.out, Catch::Contains("fsa_strike") &&
                            Catch::Contains("foot-strike angle from markers") &&
                            Catch::Contains("agreement: 14 of 14 steps classified both ways "
                                            "(100.0%); 0 within ±2° of a class boundary"));
}

TEST_CASE(
    "analyze --markers: a missing static trial, missing markers, times that do not "
    "overlap",
    "[cli][markers]") {
  const auto dir = data_dir() / "rajagopal";
  const std::string base = kStridecue + " analyze " + shell_path(dir / "grf_run.mot");
  auto r = run_program(base + " --markers " + shell_path(dir / "motion_capture_run.trc"));
  CHECK(r.exit_code == 2);
  CHECK_THAT(r.err, Catch::Contains("needs --static FILE: a standing trial"));

  r = run_program(base + " --markers " + shell_path(dir / "motion_capture_run.trc") + " --static " +
                  shell_path(dir / "static_run.trc") +
                  " --heel-marker '{side}HEE' --forefoot-markers '{side}TOE'");
  CHECK(r.exit_code == 2);
  CHECK_THAT(r.err, Catch::Contains("motion_capture_run.trc: no marker \"LHEE\""));
  CHECK(r.out.empty());

  // Markers of another trial whose clock starts at 100 s.
  TempDir tmp("markers-cli");
  const auto write_trc = [&](const std::string& name, double start_s) {
    std::ofstream f(tmp / name);
    f << "PathFileType\t4\t(X/Y/Z)\t" << name << "\n"
      << "DataRate\tCameraRate\tNumFrames\tNumMarkers\tUnits\n100\t100\t3\t5\tmm\n"
      << "Frame#\tTime\tLCAL\t\t\tLTOE\t\t\tRCAL\t\t\tRTOE\t\t\tC7\t\t\n"
      << "\t\tX1\tY1\tZ1\tX2\tY2\tZ2\tX3\tY3\tZ3\tX4\tY4\tZ4\tX5\tY5\tZ5\n";
    for (int i = 0; i < 3; ++i) {
      f << i + 1 << '\t' << start_s + 0.01 * i
        << "\t0\t50\t-100\t240\t40\t-100\t0\t50\t100\t240\t40\t100\t100\t1400\t0\n";
    }
  };
  write_trc("run.trc", 100.0);
  write_trc("static.trc", 0.0);
  r = run_program(base + " --markers " + shell_path(tmp / "run.trc") + " --static " +
                  shell_path(tmp / "static.trc"));
  CHECK(r.exit_code == 2);
  CHECK_THAT(r.err, Catch::Contains("do not overlap in time") &&
                        Catch::Contains("covers 100.000–100.020 s"));

  r = run_program(base + " --static " + shell_path(tmp / "static.trc"));
  CHECK(r.exit_code == 2);
  CHECK_THAT(r.err, Catch::Contains("--static needs --markers FILE"));
  r = run_program(base + " --markers " + shell_path(tmp / "run.trc") + " --static " +
                  shell_path(tmp / "static.trc") + " --vertical-axis up");
  CHECK(r.exit_code == 2);
  CHECK_THAT(r.err, Catch::Contains("--vertical-axis up: expected an axis such as +Y"));
}

TEST_CASE("analyze --markers with a marker profile, and --fsa-at frame", "[cli][markers]") {
  const auto dir = data_dir() / "rajagopal";
  TempDir tmp("markers-profile");
  {
    std::ofstream f(tmp / "rajagopal_heel_toe.toml");
    f << "name = \"heel and toe\"\nheel = \"{side}CAL\"\nforefoot = [\"{side}TOE\"]\n"
         "vertical = \"+Y\"\nforward = \"+X\"\n";
  }
  const std::string command = kStridecue + " analyze " + shell_path(dir / "grf_run.mot") +
                              " --no-cues --markers " + shell_path(dir / "motion_capture_run.trc") +
                              " --static " + shell_path(dir / "static_run.trc") +
                              " --format json --marker-profile " +
                              shell_path(tmp / "rajagopal_heel_toe.toml");
  const auto interpolated = run_program(command);
  INFO(interpolated.err);
  REQUIRE(interpolated.exit_code == 0);
  const auto held = run_program(command + " --fsa-at frame");
  REQUIRE(held.exit_code == 0);
  const auto a = json_lines(interpolated), b = json_lines(held);
  REQUIRE(a.size() == 15);
  REQUIRE(b.size() == 15);
  CHECK_THAT(a[14]["foot_strike_angle"]["markers"].get<std::string>(),
             Catch::Contains("heel and toe") && Catch::Contains("(given)") &&
                 Catch::Contains("contact positions interpolated"));
  CHECK_THAT(b[14]["foot_strike_angle"]["markers"].get<std::string>(),
             Catch::Contains("from the frame at or before contact"));
  double largest = 0.0;
  for (std::size_t i = 0; i < 14; ++i) {
    CHECK(b[i]["fsa_strike"] == "rearfoot");
    largest =
        std::max(largest, std::fabs(a[i]["fsa_deg"].get<double>() - b[i]["fsa_deg"].get<double>()));
  }
  CHECK(largest > 0.1);  // the foot turns within a 10 ms frame at contact
  CHECK(largest < 5.0);

  std::ofstream(tmp / "bad.toml") << "heel = \"{side}CAL\"\nforefoot = \"{side}TOE\"\n";
  const auto bad = run_program(kStridecue + " analyze " + shell_path(dir / "grf_run.mot") +
                               " --markers " + shell_path(dir / "motion_capture_run.trc") +
                               " --static " + shell_path(dir / "static_run.trc") +
                               " --marker-profile " + shell_path(tmp / "bad.toml"));
  CHECK(bad.exit_code == 2);
  CHECK_THAT(bad.err, Catch::Contains("bad.toml:2:") && Catch::Contains("list of marker names"));
}
