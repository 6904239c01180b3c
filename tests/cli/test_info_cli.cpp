// `stridecue info FILE` end to end: what it says of a file of every format we read (the real
// files in $STRIDECUE_DATA and a CSV written here), and one clear line for what it cannot read.
// Fields are asserted, not the whole text.
#include <catch2/catch.hpp>

#include <algorithm>
#include <cmath>
#include <fstream>
#include <string>

#include <nlohmann/json.hpp>

#include "support/run_program.hpp"
#include "support/test_paths.hpp"

using namespace stridecue::test;
using Json = nlohmann::json;

namespace {

const std::string kStridecue = stridecue::test::cli_path();

std::string data(const char* relative) {
  const auto path = data_dir() / relative;
  REQUIRE(std::filesystem::exists(path));  // the data live in $STRIDECUE_DATA, not the repo
  return path.string();
}

Json info_json(const std::string& args) {
  const auto r = run_program(kStridecue + " info " + args + " --format json");
  INFO(r.err);
  REQUIRE(r.exit_code == 0);
  return Json::parse(r.out);
}

bool contains(const std::string& text, const std::string& part) {
  return text.find(part) != std::string::npos;
}

bool has_warning(const Json& info, const std::string& part) {
  for (const auto& w : info["warnings"]) {
    if (contains(w.get<std::string>(), part)) return true;
  }
  return false;
}

// `stridecue info ARGS` as a table for people.
std::string info_table(const std::string& args) {
  const auto r = run_program(kStridecue + " info " + args);
  INFO(r.err);
  REQUIRE(r.exit_code == 0);
  return r.out;
}

// The one stream of a force file: its rate, frames and duration.
void check_force_stream(const Json& info, double rate_hz, int frames, double duration_s) {
  REQUIRE(info["streams"].size() == 1);
  CHECK(info["streams"][0]["name"] == "force");
  CHECK(info["streams"][0]["rate_hz"] == rate_hz);
  CHECK(info["streams"][0]["frames"] == frames);
  CHECK(info["duration_s"].get<double>() == Approx(duration_s));
}

// The markers as the marker reader (analyze --markers) reads them, in metres from the file's
// units (stated in the file, or not), with `name` among their names.
struct MarkerFigures {
  int count = 0;
  double rate_hz = 0.0;
  int frames = 0;
  const char* file_units = "mm";
  bool file_units_stated = true;
  const char* name = "";
};

void check_markers(const Json& markers, const MarkerFigures& expected) {
  CHECK(markers["count"] == expected.count);
  CHECK(markers["rate_hz"] == expected.rate_hz);
  CHECK(markers["frames"] == expected.frames);
  CHECK(markers["units"] == "m");
  CHECK(markers["file_units"] == expected.file_units);
  CHECK(markers["file_units_stated"] == expected.file_units_stated);
  const auto names = markers["names"].get<std::vector<std::string>>();
  CHECK(names.size() == static_cast<std::size_t>(expected.count));
  CHECK(std::find(names.begin(), names.end(), expected.name) != names.end());
}

// The lines of a failed run's stderr.
std::size_t lines(const std::string& text) {
  return static_cast<std::size_t>(std::count(text.begin(), text.end(), '\n'));
}

}  // namespace

TEST_CASE("info on a C3D treadmill run: belt, volts, markers, single layout", "[cli][info]") {
  const std::string file = data("rbds/RBDS001runT35.c3d");
  const Json j = info_json(file);
  CHECK(j["format"] == "c3d");
  check_force_stream(j, 300.0, 9000, 30.0);
  REQUIRE(j["plates"].size() == 1);
  const Json& plate = j["plates"][0];
  CHECK(plate["plate"] == "belt");
  CHECK(plate["type"] == 4);
  CHECK(plate["length_m"].get<double>() == Approx(1.8));
  CHECK(plate["analog_channels"][2] == "F1Z");
  CHECK(contains(plate["note"].get<std::string>(), "CAL_MATRIX"));
  CHECK(contains(plate["note"].get<std::string>(), "negative ANALOG:SCALE"));
  CHECK(contains(j["frame"].get<std::string>(), "forward +X"));
  // The header's figures (32 points, 150 Hz, 4500 frames, mm), with no gaps.
  const Json& markers = j["markers"];
  check_markers(markers, {.count = 32, .rate_hz = 150.0, .frames = 4500, .name = "R.Heel.Bottom"});
  CHECK(markers["start_s"].get<double>() == Approx(0.0));
  CHECK(markers["duration_s"].get<double>() == Approx(30.0));
  CHECK(markers["gaps"] == 0);
  CHECK(contains(markers["axes"].get<std::string>(), "POINT:X_SCREEN +X"));
  CHECK(j["events"].empty());
  CHECK(j["emg"].empty());
  CHECK(j["treadmill_layout"] == "single");
  // No belt speed given: the engine estimates it from the COP (3.5 m/s trial, ±6 %).
  CHECK(j["belt_speed"]["source"] == "estimated");
  CHECK(j["belt_speed"]["m_s"].get<double>() == Approx(3.5).epsilon(0.1));
  CHECK(has_warning(j, "estimate it from the COP"));
  CHECK(has_warning(j, "--belt-speed-m-s"));
  CHECK_FALSE(has_warning(j, "no strike index"));
  CHECK(has_warning(j, "no EMG"));

  // With the belt speed given nothing is estimated: no warning about it.
  const Json given = info_json(file + " --belt-speed-m-s 3.5");
  CHECK(given["belt_speed"]["source"] == "given");
  CHECK(given["belt_speed"]["m_s"] == 3.5);
  CHECK_FALSE(has_warning(given, "belt speed"));

  // The table says the same for people.
  const std::string table = info_table(file);
  CHECK(contains(table, "layout     single"));
  CHECK(contains(table, "plate      belt (single-belt treadmill): FORCE_PLATFORM 1 type 4"));
  CHECK(contains(table,
                 "markers    32 at 150 Hz, 4500 frames (30.000 s from 0.000 s), in m from "
                 "mm; no gaps"));
  CHECK(contains(table, "belt       3."));
}

TEST_CASE("info on a C3D over-ground walk: floor plates, EMG by profile, events", "[cli][info]") {
  const Json j = info_json(data("c3d/BTKData_PiG_Motion-FlatFoot-Full.c3d") +
                           " --emg-profile btk_pig_flatfoot");
  CHECK(j["treadmill_layout"] == "overground");
  REQUIRE(j["plates"].size() == 2);
  CHECK(j["plates"][0]["plate"] == "floor1");
  CHECK(j["plates"][1]["kind"] == "floor");
  REQUIRE(j["streams"].size() == 2);
  CHECK(j["streams"][1]["name"] == "emg");
  CHECK(j["streams"][1]["rate_hz"] == 1000.0);
  REQUIRE(j["emg"].size() == 10);
  CHECK(j["emg"][0]["label"] == "R_RF");
  CHECK(j["emg"][0]["muscle"] == "recfem");
  CHECK(j["emg"][0]["side"] == "right");
  REQUIRE(j["events"].size() == 12);
  CHECK(j["events"][0]["time_s"].get<double>() <= j["events"][11]["time_s"].get<double>());
  CHECK(j["markers"]["count"].get<int>() > 0);
  CHECK(has_warning(j, "no gluteus medius"));
}

TEST_CASE("info on a C3D without analog data: described, and why analyze refuses it",
          "[cli][info]") {
  const Json j = info_json(data("rbds/RBDS001static.c3d"));
  CHECK(j["markers"]["count"] == 48);
  CHECK(j["markers"]["rate_hz"] == 150.0);
  CHECK(j["markers"]["frames"] == 150);
  CHECK(j["markers"]["gaps"] == 0);
  CHECK(j["plates"].empty());
  CHECK(j["treadmill_layout"].is_null());
  CHECK(has_warning(j, "analyze will refuse this file"));
  CHECK(has_warning(j, "0 analog channels"));
}

TEST_CASE("info on an OpenSim storage file: the column profile analyze will use", "[cli][info]") {
  const Json j = info_json(data("rajagopal/grf_run.mot"));
  CHECK(j["format"] == "opensim");
  CHECK(j["profile"].get<std::string>().ends_with("opensim_grf.toml"));
  REQUIRE(j["streams"].size() == 1);
  CHECK(j["streams"][0]["rate_hz"] == 1000.0);
  CHECK(j["start_s"].get<double>() == Approx(0.23));
  CHECK(j["duration_s"].get<double>() == Approx(5.09).margin(0.01));
  REQUIRE(j["plates"].size() == 2);
  CHECK(j["plates"][0]["plate"] == "left");
  CHECK(j["plates"][0]["cop"] == true);
  CHECK(j["treadmill_layout"] == "split");
}

TEST_CASE("info on a Motion Analysis .anc: channels, EMG by profile, not a trial", "[cli][info]") {
  const Json j = info_json(data("rajagopal/emg_walk_raw.anc") + " --emg-profile rajagopal_anc");
  CHECK(j["format"] == "anc");
  CHECK(j["streams"][0]["rate_hz"] == 2000.0);
  CHECK(j["analog_channels"].size() == 28);
  CHECK(j["duration_s"].get<double>() == Approx(2.39).margin(0.01));
  bool gmed = false;
  for (const auto& e : j["emg"])
    gmed = gmed || (e["channel"] == "GMED" && e["muscle"] == "gmed");
  CHECK(gmed);
  CHECK(j["treadmill_layout"].is_null());
  CHECK(has_warning(j, "analyze does not read .anc"));
}

TEST_CASE("info on a .trc marker file: the markers as the marker reader reads them",
          "[cli][info]") {
  const Json j = info_json(data("rajagopal/motion_capture_run.trc"));
  CHECK(j["format"] == "trc");
  const Json& markers = j["markers"];
  check_markers(markers, {.count = 42, .rate_hz = 100.0, .frames = 510, .name = "RCAL"});
  CHECK(markers["start_s"].get<double>() == Approx(0.23));
  CHECK(j["duration_s"].get<double>() == Approx(5.1));
  CHECK(markers["gaps"].get<int>() >= 0);
  CHECK(j["streams"].empty());
  CHECK(j["treadmill_layout"].is_null());
  CHECK(has_warning(j, "only as --markers or --static"));
}

TEST_CASE("info on an RBDS force export (.txt): a text table through its column profile",
          "[cli][info]") {
  const Json j = info_json(data("rbds/RBDS001runT25forces.txt"));
  CHECK(j["format"] == "text_table");
  CHECK(j["profile"].get<std::string>().ends_with("rbds_forces.toml"));
  check_force_stream(j, 300.0, 9000, 30.0);
  REQUIRE(j["plates"].size() == 1);
  CHECK(j["plates"][0]["plate"] == "belt");
  CHECK(j["plates"][0]["kind"] == "belt");
  CHECK(j["plates"][0]["cop"] == true);
  CHECK(j["treadmill_layout"] == "single");
  CHECK(j["belt_speed"]["source"] == "estimated");  // a 2.5 m/s trial
  CHECK(j["belt_speed"]["m_s"].get<double>() == Approx(2.5).epsilon(0.1));
  CHECK(has_warning(j, "estimate it from the COP"));
  CHECK_FALSE(j.contains("markers"));

  CHECK(contains(info_table(data("rbds/RBDS001runT25forces.txt")),
                 "format     lab text export, read with the column profile rbds_forces"));
}

TEST_CASE("info on RBDS marker text (.txt): markers, not a trial", "[cli][info]") {
  const Json j = info_json(data("rbds/RBDS001runT25markers.txt"));
  CHECK(j["format"] == "marker_text");
  CHECK_FALSE(j.contains("profile"));
  const Json& markers = j["markers"];
  // 150 Hz: the Time column, printed to the ms, put on its grid.
  check_markers(markers, {.count = 32,
                          .rate_hz = 150.0,
                          .frames = 4500,
                          .file_units_stated = false,
                          .name = "R.Heel.Bottom"});
  CHECK(markers["gaps"] == 1);  // L.ASIS, one frame
  CHECK(markers["markers_with_gaps"] == 1);
  CHECK(j["streams"].empty());
  CHECK(j["plates"].empty());
  CHECK(j["treadmill_layout"].is_null());  // no analyze layout
  CHECK(has_warning(j, "analyze reads this file only as --markers or --static"));

  const Json standing = info_json(data("rbds/RBDS001static.txt"));
  CHECK(standing["format"] == "marker_text");
  CHECK(standing["markers"]["count"] == 48);
  CHECK(standing["markers"]["frames"] == 150);

  // --marker-units as analyze takes it.
  CHECK(info_json(data("rbds/RBDS001static.txt") + " --marker-units cm")["markers"]["file_units"] ==
        "cm");
}

TEST_CASE("info on a .txt that is neither a trial nor markers: why, for both", "[cli][info]") {
  TempDir dir("cli-info-neither");
  const std::string path = dir / "notes.txt";
  std::ofstream(path) << "Subject\tMass\nR07\t71\n";
  const auto r = run_program(kStridecue + " info " + path + " --format json");
  CHECK(r.exit_code == 2);
  CHECK(r.out.empty());
  CHECK(contains(r.err, "no column profile"));
  CHECK(contains(r.err, "as a marker file: "));
}

TEST_CASE("info on a project CSV: a belt with COP, EMG at its own rate", "[cli][info]") {
  TempDir dir("cli-info");
  const std::string path = dir / "t.csv";
  {
    std::ofstream out(path);
    out << "# runner: test\ntime_s,belt_fz_n,belt_copx_m,belt_copy_m,emg_gmed_left_v\n";
    for (int i = 0; i < 2000; ++i) {  // 2 s: force at 500 Hz, EMG at 1000 Hz
      const double t = i / 1000.0;
      const double fz = std::max(0.0, 1000.0 * std::sin(2 * M_PI * 1.5 * t));
      if (i % 2 == 0) {
        out << t << ',' << fz << ",0.1,0.05," << 1e-5 * std::sin(t * 500) << '\n';
      } else {
        out << t << ",,,," << 1e-5 * std::sin(t * 500) << '\n';
      }
    }
  }
  const Json j = info_json(path);
  CHECK(j["format"] == "trial_csv");
  REQUIRE(j["streams"].size() == 2);
  CHECK(j["streams"][0]["name"] == "force");
  CHECK(j["streams"][0]["rate_hz"] == 500.0);
  CHECK(j["streams"][0]["frames"] == 1000);
  CHECK(j["streams"][1]["rate_hz"] == 1000.0);
  CHECK(j["duration_s"].get<double>() == Approx(2.0));
  REQUIRE(j["plates"].size() == 1);
  CHECK(j["plates"][0]["plate"] == "belt");
  CHECK(j["plates"][0]["cop"] == true);
  REQUIRE(j["emg"].size() == 1);
  CHECK(j["emg"][0]["muscle"] == "gmed");
  CHECK(j["emg"][0]["side"] == "left");
  CHECK(j["treadmill_layout"] == "single");
  CHECK(has_warning(j, "estimate it from the COP"));
  CHECK_FALSE(has_warning(j, "no EMG"));

  // A treadmill file that contradicts the data: analyze would refuse, info says why.
  const std::string split = dir / "split.toml";
  std::ofstream(split) << "layout = \"split\"\n";
  const Json contradicted = info_json(path + " --treadmill " + split);
  CHECK(contradicted["treadmill_layout"].is_null());
  CHECK(has_warning(contradicted, "analyze will refuse this file"));
}

TEST_CASE("info errors: missing, a directory, an unknown or unreadable format", "[cli][info]") {
  TempDir dir("cli-info-errors");
  const std::string garbage = dir / "bad.c3d";
  std::ofstream(garbage) << "not a c3d file at all";
  const std::string unknown = dir / "notes.docx";
  std::ofstream(unknown) << "x";
  struct Case {
    std::string path;
    const char* says;
  };
  const Case cases[] = {
      {dir / "missing.csv", "no such file"},
      {dir.path().string(), "is a directory"},
      {unknown, "unknown format '.docx'"},
      {garbage, "bad.c3d"},
  };
  for (const auto& c : cases) {
    INFO(c.path);
    for (const char* format : {"table", "json"}) {
      const auto r = run_program(kStridecue + " info " + c.path + " --format " + format);
      CHECK(r.exit_code == 2);
      CHECK(r.out.empty());
      CHECK(lines(r.err) == 1);
      CHECK(r.err.starts_with("stridecue info: "));
      CHECK(contains(r.err, c.says));
    }
  }
}
