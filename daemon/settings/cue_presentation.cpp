#include "settings/cue_presentation.hpp"

#include <fmt/format.h>

namespace stridecue {

std::string CuePresentation::problem() const {
  for (std::size_t i = 0; i < words.size(); ++i) {
    const std::string& w = words[i];
    const std::string key = fmt::format("cue.words.{}", kCueWordNames[i]);
    if (w.size() > kMaxCueWordBytes) {
      return fmt::format("{} is {} bytes long: at most {} (a word read at 2 m)", key, w.size(),
                         kMaxCueWordBytes);
    }
    for (const char c : w) {
      if (static_cast<unsigned char>(c) < 0x20 || c == 0x7f) {
        return fmt::format("{} holds a control character: one line of text is shown", key);
      }
    }
  }
  if (!(heel_target_share >= 0.0 && heel_target_share <= 1.0)) {
    return "cue.heel_target_share must be between 0 (no target) and 1";
  }
  return {};
}

std::string_view cue_word(const Cue& cue, const CuePresentation& presentation) {
  std::optional<bool> quicker;
  if (cue.reason.cadence_steps_min && cue.reason.cadence_target_steps_min) {
    quicker = *cue.reason.cadence_steps_min < *cue.reason.cadence_target_steps_min;
  }
  const CueWord word = cue_word_of(cue.kind, quicker);
  const std::string& own = presentation.words[static_cast<std::size_t>(word)];
  return own.empty() ? builtin_cue_word(word, presentation.language) : std::string_view(own);
}

unsigned heel_target_classes(const CueSettings& cue) {
  unsigned mask = 0;
  for (std::size_t i = 0; i < cue.heel_classes.size(); ++i)
    if (!cue.heel_classes[i]) mask |= 1u << i;  // StrikePattern: rearfoot, midfoot, forefoot
  return mask == 7 ? 0 : mask;
}

namespace {

// Of both sides' classified strikes: how many, and how many in the classes of `mask`.
struct StrikeCounts {
  std::uint64_t in = 0, classified = 0;
};
StrikeCounts strike_counts(const GaitSummary& summary, unsigned mask) {
  StrikeCounts n;
  for (const Side side : {Side::left, Side::right}) {
    const SideTotals& t = summary.side(side);
    for (std::size_t i = 0; i < 3; ++i) {
      n.classified += t.strikes[i];
      if (mask & (1u << i)) n.in += t.strikes[i];
    }
  }
  return n;
}

}  // namespace

std::optional<double> strike_share(const GaitSummary& summary, unsigned mask) {
  const StrikeCounts n = strike_counts(summary, mask);
  if (n.classified == 0) return std::nullopt;
  return static_cast<double>(n.in) / static_cast<double>(n.classified);
}

nlohmann::json heel_target_json(const CuePresentation& presentation, const CueSettings& cue,
                                const GaitSummary* summary) {
  const unsigned mask = heel_target_classes(cue);
  if (!(presentation.heel_target_share > 0.0) || mask == 0) return nullptr;
  const double min_share = presentation.heel_target_share;
  nlohmann::json classes = nlohmann::json::array();
  for (std::size_t i = 0; i < 3; ++i)
    if (mask & (1u << i)) classes.push_back(std::string(to_string(static_cast<StrikePattern>(i))));
  const std::optional<double> share = summary ? strike_share(*summary, mask) : std::nullopt;
  const std::uint64_t strides = summary ? strike_counts(*summary, mask).classified : 0;
  nlohmann::json target = {{"kind", to_string(CueKind::heel_strike)},
                           {"classes", classes},
                           {"min_share", min_share},
                           {"label", strike_target_words(mask, min_share, presentation.language)},
                           {"share", nullptr},
                           {"strides", strides},
                           {"met", nullptr}};
  // value_or: g++ 12 takes a has_value() guard for a maybe-uninitialised read.
  if (share) {
    const double now = share.value_or(0.0);
    target["share"] = now;
    target["met"] = now >= min_share;
  }
  return target;
}

}  // namespace stridecue
