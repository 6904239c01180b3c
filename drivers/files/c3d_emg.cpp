#include "files/c3d_emg.hpp"

#include <algorithm>
#include <array>
#include <cctype>

#include <fmt/format.h>
#include <fmt/ranges.h>

namespace stridecue {
namespace {

// Joined lower-case spellings (no blanks or separators) → our muscle name. Full anatomical names
// and abbreviations of three letters or more that mean one muscle in gait labs.
struct MuscleName {
  std::string_view spelling;
  std::string_view muscle;
};
constexpr std::array kMuscleNames = {
    MuscleName{"gmed", "gmed"},
    MuscleName{"glmed", "gmed"},
    MuscleName{"glutmed", "gmed"},
    MuscleName{"glutemed", "gmed"},
    MuscleName{"gluteusmed", "gmed"},
    MuscleName{"glutmedius", "gmed"},
    MuscleName{"glutemedius", "gmed"},
    MuscleName{"gluteusmedius", "gmed"},
    MuscleName{"gmax", "gmax"},
    MuscleName{"glmax", "gmax"},
    MuscleName{"glutmax", "gmax"},
    MuscleName{"glutemax", "gmax"},
    MuscleName{"gluteusmax", "gmax"},
    MuscleName{"glutemaximus", "gmax"},
    MuscleName{"gluteusmaximus", "gmax"},
    MuscleName{"recfem", "recfem"},
    MuscleName{"rectusfemoris", "recfem"},
    MuscleName{"vaslat", "vaslat"},
    MuscleName{"vastuslateralis", "vaslat"},
    MuscleName{"vasmed", "vasmed"},
    MuscleName{"vastusmedialis", "vasmed"},
    MuscleName{"bicepsfemoris", "bflh"},
    MuscleName{"bicepsfemorislonghead", "bflh"},
    MuscleName{"semiten", "semiten"},
    MuscleName{"semitendinosus", "semiten"},
    MuscleName{"semimem", "semimem"},
    MuscleName{"semimembranosus", "semimem"},
    MuscleName{"tibant", "tibant"},
    MuscleName{"tibialisanterior", "tibant"},
    MuscleName{"gasmed", "gasmed"},
    MuscleName{"gastrocmed", "gasmed"},
    MuscleName{"gastrocnemiusmedialis", "gasmed"},
    MuscleName{"medialgastrocnemius", "gasmed"},
    MuscleName{"gaslat", "gaslat"},
    MuscleName{"gastroclat", "gaslat"},
    MuscleName{"gastrocnemiuslateralis", "gaslat"},
    MuscleName{"lateralgastrocnemius", "gaslat"},
    MuscleName{"soleus", "soleus"},
    MuscleName{"perlong", "perlong"},
    MuscleName{"peroneuslongus", "perlong"},
    MuscleName{"fibularislongus", "perlong"},
    MuscleName{"tensorfasciaelatae", "tfl"},
    MuscleName{"tensorfascialatae", "tfl"},
    MuscleName{"adductorlongus", "addlong"},
};

std::optional<std::string_view> muscle_of(std::string_view joined) {
  for (const auto& m : kMuscleNames) {
    if (m.spelling == joined) return m.muscle;
  }
  return std::nullopt;
}

std::optional<Side> side_word(std::string_view token) {
  if (token == "l" || token == "left" || token == "lt") return Side::left;
  if (token == "r" || token == "right" || token == "rt") return Side::right;
  return std::nullopt;
}

// Words that say nothing of muscle or side: "EMG", "EMG3", channel numbers, "m." (musculus).
bool is_filler(std::string_view token) {
  if (std::all_of(token.begin(), token.end(), [](char c) { return c >= '0' && c <= '9'; })) {
    return true;
  }
  if (token.starts_with("emg")) {
    return std::all_of(token.begin() + 3, token.end(), [](char c) { return c >= '0' && c <= '9'; });
  }
  return token == "m" || token == "musculus" || token == "muscle";
}

std::vector<std::string> lower_words(std::string_view label) {
  std::vector<std::string> words;
  std::string word;
  for (const char c : label) {
    const auto u = static_cast<unsigned char>(c);
    if (std::isalnum(u) != 0) {
      word.push_back(static_cast<char>(std::tolower(u)));
    } else if (!word.empty()) {
      words.push_back(std::move(word));
      word.clear();
    }
  }
  if (!word.empty()) words.push_back(std::move(word));
  return words;
}

// "lgmed", "gluteusmediusr", "leftgmed": a side glued to a known muscle name of ≥ 4 letters.
std::optional<EmgLabelGuess> glued_side(std::string_view joined) {
  static constexpr struct {
    std::string_view text;
    Side side;
  } kSides[] = {
      {"left", Side::left}, {"right", Side::right}, {"l", Side::left}, {"r", Side::right}};
  std::optional<EmgLabelGuess> found;
  for (const auto& s : kSides) {
    for (const bool prefix : {true, false}) {
      if (joined.size() < s.text.size() + 4) continue;
      const bool has = prefix ? joined.starts_with(s.text) : joined.ends_with(s.text);
      if (!has) continue;
      const std::string_view rest =
          prefix ? joined.substr(s.text.size()) : joined.substr(0, joined.size() - s.text.size());
      const auto muscle = muscle_of(rest);
      if (!muscle) continue;
      if (found && (found->side != s.side || found->muscle != *muscle)) return std::nullopt;
      found = EmgLabelGuess{std::string(*muscle), s.side};
    }
  }
  return found;
}

// Why a label was not placed, for the note.
std::string why_not(std::string_view label) {
  std::optional<Side> side;
  bool two_sides = false;
  std::string joined;
  for (const auto& w : lower_words(label)) {
    if (is_filler(w)) continue;
    if (const auto s = side_word(w)) {
      two_sides = two_sides || (side && *side != *s);
      side = s;
      continue;
    }
    joined += w;
  }
  if (two_sides) return "both sides";
  if (joined.empty() || !muscle_of(joined)) return "muscle not recognised";
  return side ? "side twice" : "no side";
}

bool same_label_ignoring_case(std::string_view a, std::string_view b) {
  return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
           return std::tolower(static_cast<unsigned char>(x)) ==
                  std::tolower(static_cast<unsigned char>(y));
         });
}

std::string_view unit_of(const C3dFile& file, std::size_t channel) {
  return channel < file.analog_units.size() ? std::string_view(file.analog_units[channel])
                                            : std::string_view();
}

}  // namespace

std::optional<EmgLabelGuess> guess_emg_label(std::string_view label) {
  const auto words = lower_words(label);
  // The project's own channel names (docs/formats.md): emg_<muscle>_<side>_v.
  if (words.size() == 4 && words[0] == "emg" && words[3] == "v" &&
      (words[2] == "left" || words[2] == "right") && label.find(' ') == std::string_view::npos) {
    return EmgLabelGuess{words[1], words[2] == "left" ? Side::left : Side::right};
  }
  std::optional<Side> side;
  std::string joined;
  for (const auto& w : words) {
    if (is_filler(w)) continue;
    if (const auto s = side_word(w)) {
      if (side) return std::nullopt;  // two side words, even the same twice: not simple
      side = s;
      continue;
    }
    joined += w;
  }
  if (side) {
    const auto muscle = muscle_of(joined);
    if (!muscle) return std::nullopt;
    return EmgLabelGuess{std::string(*muscle), *side};
  }
  if (muscle_of(joined)) return std::nullopt;  // a muscle without a side
  return glued_side(joined);
}

std::optional<double> volts_per_unit(std::string_view unit) {
  if (unit == "V" || unit == "v") return 1.0;
  if (unit == "mV" || unit == "mv") return 1e-3;
  // "uV", the micro sign U+00B5 and the Greek mu U+03BC (both in UTF-8).
  if (unit == "uV" || unit == "uv" || unit == "\u00b5V" || unit == "\u03bcV") return 1e-6;
  return std::nullopt;
}

static std::optional<C3dEmgSelection> select_c3d_emg_into(
    const C3dFile& file, const std::vector<std::size_t>& force_channels,
    const EmgChannelProfile* profile, std::string_view display_name, std::string* error) {
  const auto is_force = [&](std::size_t c) {
    return std::find(force_channels.begin(), force_channels.end(), c) != force_channels.end();
  };
  const auto label_of = [&](std::size_t c) -> std::string_view {
    return c < file.analog_labels.size() ? std::string_view(file.analog_labels[c])
                                         : std::string_view();
  };
  const std::size_t channels = file.analog_channels;
  C3dEmgSelection selection;

  if (profile != nullptr) {
    const auto fail = [&](std::string message) -> std::optional<C3dEmgSelection> {
      if (error != nullptr) {
        *error = fmt::format("{}: EMG profile \"{}\": {}", display_name, profile->name, message);
      }
      return std::nullopt;
    };
    for (const EmgChannelMapping& mapping : profile->channels) {
      std::vector<std::size_t> found;
      std::string other_case;
      for (std::size_t c = 0; c < channels; ++c) {
        if (label_of(c) == mapping.column) found.push_back(c);
        if (other_case.empty() && label_of(c) != mapping.column &&
            same_label_ignoring_case(label_of(c), mapping.column)) {
          other_case = std::string(label_of(c));
        }
      }
      if (found.empty()) {
        std::string hint;
        if (!other_case.empty()) {
          hint = fmt::format(" (there is \"{}\": labels are matched exactly)", other_case);
        } else {
          std::vector<std::string_view> others;
          for (std::size_t c = 0; c < channels; ++c)
            if (!is_force(c)) others.push_back(label_of(c));
          hint = others.empty()
                     ? std::string(" (it has no analog channels but force platforms)")
                     : fmt::format(" (its other analog labels: {})", fmt::join(others, ", "));
        }
        return fail(
            fmt::format("\"{}\" is not an analog label of the file{}", mapping.column, hint));
      }
      if (found.size() > 1) {
        return fail(
            fmt::format("analog label \"{}\" is on channels {} and {} of the file: "
                        "the profile cannot tell them apart",
                        mapping.column, found[0] + 1, found[1] + 1));
      }
      const std::size_t c = found[0];
      if (is_force(c)) {
        return fail(
            fmt::format("analog channel {} \"{}\" is a force platform channel "
                        "(FORCE_PLATFORM:CHANNEL), not EMG",
                        c + 1, mapping.column));
      }
      const std::string_view unit = unit_of(file, c);
      std::optional<double> scale = unit.empty() ? 1.0 : volts_per_unit(unit);
      if (!scale) {
        return fail(
            fmt::format("analog channel {} \"{}\" has unit \"{}\" (ANALOG:UNITS), not a "
                        "voltage: EMG must be in V, mV, uV or µV",
                        c + 1, mapping.column, unit));
      }
      if (unit.empty()) selection.unitless.push_back(mapping.column);
      selection.channels.push_back(C3dEmgChannel{c, mapping.column, std::string(unit),
                                                 mapping.muscle, mapping.side,
                                                 *scale / mapping.gain});
    }
    std::sort(selection.channels.begin(), selection.channels.end(),
              [](const auto& a, const auto& b) { return a.analog_index < b.analog_index; });
    return selection;
  }

  std::vector<C3dEmgChannel> placed;
  for (std::size_t c = 0; c < channels; ++c) {
    if (is_force(c)) continue;
    const std::string_view unit = unit_of(file, c);
    const std::optional<double> scale = unit.empty() ? 1.0 : volts_per_unit(unit);
    if (!scale) continue;  // a force, an angle, a trigger in other units: not EMG
    const auto guess = guess_emg_label(label_of(c));
    if (!guess) {
      selection.left_out.push_back({std::string(label_of(c)), why_not(label_of(c))});
      continue;
    }
    placed.push_back(C3dEmgChannel{c, std::string(label_of(c)), std::string(unit), guess->muscle,
                                   guess->side, *scale});
  }
  // Two channels for one muscle and side: which one the label meant is a guess; take neither.
  for (const auto& p : placed) {
    const auto twin = std::find_if(placed.begin(), placed.end(), [&](const auto& q) {
      return &q != &p && q.muscle == p.muscle && q.side == p.side;
    });
    if (twin != placed.end()) {
      selection.left_out.push_back(
          {p.label, fmt::format("{} {} twice", to_string(p.side), p.muscle)});
      continue;
    }
    if (p.unit.empty()) selection.unitless.push_back(p.label);
    selection.channels.push_back(p);
  }
  return selection;
}

ParseResult<C3dEmgSelection> select_c3d_emg(const C3dFile& file,
                                            const std::vector<std::size_t>& force_channels,
                                            const EmgChannelProfile* profile,
                                            std::string_view display_name) {
  return parse_result_of([&](std::string* error) {
    return select_c3d_emg_into(file, force_channels, profile, display_name, error);
  });
}

}  // namespace stridecue
