// Tidy CSV: the tables other tools read (pandas, R, Python's csv module, Excel) without options.
// One header row, one value per cell, the unit in every column name that has one, numbers in
// plain decimal notation (never 5.5e-05), and nothing after the last row. The rows come from the
// JSON that `analyze --format json`, the event stream and the store carry, so that a CSV column
// and a JSON key hold the same figure:
//
//   steps    one row per foot contact (a step; two steps make a stride), the stride JSON with
//            "stride" named "step", each muscle's figures in columns of their own
//            (gmed_activation_uv, gmed_pct_of_baseline, …) in place of the "muscles" array
//   cues     one row per cue: why it fired once, its reason's figures in columns of their own
//   summary  one row per side and one for both ("all"), the trial's settings on every row
//
// Excel reads a CSV with the list separator and decimal mark of the Windows locale: where the
// decimal mark is a comma, `;` separates the fields (CsvStyle::excel).
#pragma once

#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace stridecue {

struct CsvStyle {
  char delimiter = ',';
  bool decimal_comma = false;    // numbers written 12,5 (Excel in a decimal-comma locale)
  bool byte_order_mark = false;  // UTF-8 BOM first: Excel otherwise reads UTF-8 as ANSI

  // `--excel[=locale|comma|point]`: the decimal mark given, or the one of the user's
  // LC_NUMERIC locale (a locale that is not installed counts as a decimal point); a decimal
  // comma gets `;` between fields. Always with the BOM. Nothing for an unknown word.
  static std::optional<CsvStyle> excel(std::string_view decimal);
  bool operator==(const CsvStyle&) const = default;
};

// A double in plain decimal notation, the shortest that reads back to the same value:
// 0.000055 rather than 5.5e-05 (Excel and pandas read both, people do not).
std::string plain_number(double value);

// One cell (RFC 4180): quoted when it holds the delimiter, a quote or a line break. Numbers
// take the style's decimal mark; null is an empty cell; booleans are true/false.
std::string csv_cell(const nlohmann::ordered_json& value, const CsvStyle& style);
std::string csv_text(std::string_view text, const CsvStyle& style);

// A line of cells (with its '\n'), the row's values taken by the column names (absent: empty).
std::string csv_header(const std::vector<std::string>& columns, const CsvStyle& style);
std::string csv_row(const std::vector<std::string>& columns, const nlohmann::ordered_json& row,
                    const CsvStyle& style);

// The step row from a stride's JSON (report/stride_json.hpp, or as the store holds it): a flat
// object. Nested objects other than "muscles" (e.g. the store's "latency") become
// <object>_<key> columns.
nlohmann::ordered_json tidy_step(const nlohmann::ordered_json& stride);
// The step columns in order, for a header written before the first row: those of a stride's
// JSON, then each muscle's (named as the EMG channels' muscles; "gmed" first), then the marker
// angle's with markers.
std::vector<std::string> step_columns(const std::vector<std::string>& muscles, bool with_markers);
// The column name prefix of a muscle's figures: the muscle ("gmed"), or its channel's name when
// the muscle is not known.
std::string muscle_column_prefix(std::string_view muscle, std::string_view channel);

// The cue row from a cue's JSON (report/stride_json.hpp cue_json, or as the store holds it).
nlohmann::ordered_json tidy_cue(const nlohmann::ordered_json& cue);
// The cue columns in order; `with_latency`: the daemon's host latencies (the store's cues).
std::vector<std::string> cue_columns(bool with_latency);

// The summary rows (left, right, all) from the `{"summary": …}` object (or its inside).
std::vector<nlohmann::ordered_json> tidy_summary(const nlohmann::ordered_json& summary);
// The summary columns, in order, for those rows.
std::vector<std::string> summary_columns(const std::vector<nlohmann::ordered_json>& rows);

}  // namespace stridecue
