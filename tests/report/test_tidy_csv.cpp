// The tidy CSV cells and rows (report/tidy_csv.hpp): what pandas, R, Python's csv module and
// Excel read without options.
#include <algorithm>
#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>
#include <string>

#include "report/tidy_csv.hpp"

using namespace stridecue;
using Json = nlohmann::ordered_json;

TEST_CASE("numbers are written in plain decimals that read back to the same value") {
  CHECK(plain_number(55.024) == "55.024");
  CHECK(plain_number(5.5024e-05) == "0.000055024");  // fmt's shortest form has an exponent
  CHECK(std::stod(plain_number(5.5024e-05)) == 5.5024e-05);
  CHECK(plain_number(-1.2306883e-05) == "-0.000012306883");
  CHECK(plain_number(1e21).find('e') == std::string::npos);
  CHECK(plain_number(0.0) == "0");
}

TEST_CASE("cells: quoted only when they must be, decimal commas only in numbers") {
  const CsvStyle plain;
  CHECK(csv_cell(Json("plain"), plain) == "plain");
  CHECK(csv_cell(Json("a,b"), plain) == "\"a,b\"");
  CHECK(csv_cell(Json("say \"hi\""), plain) == "\"say \"\"hi\"\"\"");
  CHECK(csv_cell(Json(nullptr), plain).empty());
  CHECK(csv_cell(Json(true), plain) == "true");
  CHECK(csv_cell(Json(12), plain) == "12");
  const CsvStyle excel = *CsvStyle::excel("comma");
  CHECK(excel.delimiter == ';');
  CHECK(excel.byte_order_mark);
  CHECK(csv_cell(Json(2.5), excel) == "2,5");
  CHECK(csv_cell(Json("a,b"), excel) == "a,b");  // a comma is no separator there
  CHECK(csv_cell(Json("a;b. c"), excel) == "\"a;b. c\"");
  CHECK(csv_row({"x", "y", "z"}, Json{{"z", 0.25}, {"x", "t"}}, excel) == "t;;0,25\n");
  CHECK(CsvStyle::excel("point")->delimiter == ',');
  CHECK_FALSE(CsvStyle::excel("semicolon"));
}

TEST_CASE("a stride's JSON becomes a step row: muscles in columns, µV and % of baseline") {
  const Json stride = Json::parse(R"({"stride": 7, "side": "left", "contact_s": 1.25,
      "glute_activation": 4.3764e-05, "glute_ratio": 0.91, "glute_onset_ms": -120.0,
      "glute_offset_ms": 110.0, "glute_mdf_hz": 210.0, "glute_drop": false, "emg_quality": "ok",
      "muscles": [{"channel": "emg_gmed_left_v", "muscle": "gmed", "activation_v": 4.3764e-05,
                   "ratio": 0.91, "onset_ms": -120.0, "offset_ms": 110.0, "mdf_hz": 210.0,
                   "quality": "ok"},
                  {"channel": "emg_x_left_v", "muscle": "", "activation_v": null,
                   "ratio": null, "onset_ms": null, "offset_ms": null, "mdf_hz": null,
                   "quality": "flat"}],
      "latency": {"receipt_to_decision_ns": 5000}})");
  const Json row = tidy_step(stride);
  CHECK(row["step"] == 7);
  CHECK_FALSE(row.contains("stride"));
  CHECK_FALSE(row.contains("muscles"));
  CHECK_FALSE(row.contains("glute_activation"));  // one column per figure: gmed_activation_uv
  CHECK(row["gmed_activation_uv"].get<double>() == Approx(43.764));
  CHECK(row["gmed_pct_of_baseline"].get<double>() == Approx(91.0));
  CHECK(row["gmed_quality"] == "ok");
  CHECK(row["emg_x_left_v_quality"] == "flat");  // no muscle name: the channel's
  CHECK(row["latency_receipt_to_decision_ns"] == 5000);
  const auto columns = step_columns({"gmed"}, false);
  CHECK(columns.front() == "step");
  const std::string line = csv_row(columns, row, CsvStyle{});
  CHECK(line.find("43.764,91,-120,110,210,ok\n") != std::string::npos);
  CHECK(line.find("e-0") == std::string::npos);  // no 4.3764e-05 anywhere
}

TEST_CASE("a cue's JSON becomes a row with its why once and its reason in columns") {
  const Json cue = Json::parse(R"({"type": "cue", "seq": 3, "kind": "hips", "side": "right",
      "contact_s": 2.5, "decided_s": 2.78, "why": "Hips cue, right foot.",
      "reason": {"mode": "every_stride", "misses": 1, "window": 1, "feedback_share": 1.0,
                 "glute_ratio": 0.62, "new_figure_ms": 4.0}})");
  const Json row = tidy_cue(cue);
  CHECK(row["decision_ms"].get<double>() == Approx(280.0));
  CHECK(row["glute_pct_of_baseline"].get<double>() == Approx(62.0));
  CHECK(row["reason_new_figure_ms"] == 4.0);  // a reason added later keeps its figure
  CHECK_FALSE(row.contains("type"));
  CHECK_FALSE(row.contains("reason"));
  const auto columns = cue_columns(false);
  CHECK(std::count(columns.begin(), columns.end(), "why") == 1);
  CHECK(std::count(columns.begin(), columns.end(), "reason") == 0);
}

TEST_CASE("the summary becomes a row per side and one for both") {
  const Json summary = Json::parse(R"({"summary": {"treadmill": "split",
      "strides": {"left": 10, "right": 9}, "cadence_steps_per_min": 170.0,
      "mean_contact_time_ms": 250.0, "duration_s": 6.7, "foot_length_m": 0.26,
      "sides": {"left": {"strides": 10, "glute_baseline_v": 4.86e-05, "glute_drop_strides": 2,
                         "strike_share": {"rearfoot": 0.5, "midfoot": 0.3, "forefoot": 0.2}},
                "right": {"strides": 9, "glute_baseline_v": null, "glute_drop_strides": 0}},
      "cues": {"heel_strike": 4, "hips": 1}}})");
  const auto rows = tidy_summary(summary);
  REQUIRE(rows.size() == 3);
  CHECK(rows[0]["side"] == "left");
  CHECK(rows[0]["steps"] == 10);
  CHECK(rows[0]["glute_baseline_uv"].get<double>() == Approx(48.6));
  CHECK(rows[0]["rearfoot_pct"].get<double>() == Approx(50.0));
  CHECK(rows[0]["glute_drop_steps"] == 2);
  CHECK(rows[0]["cues_heel_strike"].is_null());
  CHECK(rows[2]["side"] == "all");
  CHECK(rows[2]["steps"] == 19);
  CHECK(rows[2]["cadence_steps_per_min"] == 170.0);
  CHECK(rows[2]["cues_heel_strike"] == 4);
  CHECK(rows[1]["treadmill"] == "split");  // the trial's settings on every row
  const auto columns = summary_columns(rows);
  for (const Json& row : rows)
    CHECK(row.size() == columns.size());
}
