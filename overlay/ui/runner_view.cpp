#include "ui/runner_view.hpp"

#include <fmt/format.h>

#include <algorithm>

#include "ui/draw_helpers.hpp"

namespace stridecue::overlay {

namespace {

void draw_marks(ImDrawList* list, const Fonts& fonts, const OverlayView& view,
                const RunnerLayout& l) {
  for (std::size_t s = 0; s < 2; ++s) {
    const Side side = s == 0 ? Side::left : Side::right;
    const Rect& row = l.marks_row[s];
    list->AddRectFilled(top_left(row), bottom_right(row), imcolour(palette::panel), row.h * 0.15f);
    const Rect label{row.x + row.h * 0.1f, row.y, row.h * 0.5f, row.h};
    text_centred(list, fonts.big, row.h * 0.6f, label, imcolour(palette::text), s == 0 ? "L" : "R");
    const auto& marks = view.strikes().marks(side);
    for (std::size_t i = 0; i < l.marks[s].size(); ++i) {
      const Rect& box = l.marks[s][i];
      if (i >= marks.size()) {
        list->AddRect(top_left(box), bottom_right(box), imcolour(palette::unknown, 0.5),
                      box.h * 0.2f, 0, 2.0f);
        continue;
      }
      const StrikeMark& m = marks[i];
      list->AddRectFilled(top_left(box), bottom_right(box), imcolour(colour_of(m.strike)),
                          box.h * 0.2f);
      // First letter of the class, for anyone who cannot tell the colours apart.
      const char letter[2] = {static_cast<char>(to_string(m.strike)[0] - 'a' + 'A'), '\0'};
      const Rect inner{box.x, box.y + box.h * 0.25f, box.w, box.h * 0.5f};
      text_centred(list, fonts.big, box.h * 0.5f, inner, imcolour(palette::background), letter);
    }
  }
}

void draw_metrics(ImDrawList* list, const Fonts& fonts, const OverlayView& view,
                  const RunnerLayout& l) {
  const auto share = view.strikes().forefoot_share();
  const std::string share_text =
      share ? fmt::format("FOREFOOT {:.0f}%  last min", *share * 100.0) : "FOREFOOT –";
  text_left(list, fonts.big, l.share.h * 0.8f, l.share, imcolour(palette::text),
            share_text.c_str());
  const auto cadence = view.cadence_steps_per_min();
  const std::string cadence_text =
      cadence ? fmt::format("CADENCE {:.0f} spm", *cadence) : "CADENCE –";
  text_left(list, fonts.big, l.cadence.h * 0.8f, l.cadence, imcolour(palette::text),
            cadence_text.c_str());
}

// The target the runner works towards, and where the session stands: green once met, else the
// plain text colour (it is a goal to read, not a second alarm beside the cue).
void draw_target(ImDrawList* list, const Fonts& fonts, const OverlayView& view,
                 const RunnerLayout& l) {
  const auto& target = view.cue_target();
  if (!target) return;
  const std::string text = target->sentence();
  text_centred(list, fonts.big, l.target.h * 0.9f, l.target,
               imcolour(target->met() ? palette::target_met : palette::text), text.c_str());
}

void draw_gauges(ImDrawList* list, const Fonts& fonts, const OverlayView& view,
                 const RunnerLayout& l) {
  const double threshold = view.glute_drop_threshold();
  for (std::size_t s = 0; s < 2; ++s) {
    const GluteGauge& g = view.glute(s == 0 ? Side::left : Side::right);
    const Rect& box = l.gauges[s];
    const Rect label{box.x, box.y, box.w, box.h * 0.42f};
    const std::string text =
        g.ratio ? fmt::format("{} GLUTE {:.0f}%", s == 0 ? "L" : "R", *g.ratio * 100.0)
                : fmt::format("{} GLUTE –", s == 0 ? "L" : "R");
    text_left(list, fonts.big, label.h, label, imcolour(palette::text), text.c_str());
    const Rect bar{box.x, box.y + box.h * 0.5f, box.w, box.h * 0.45f};
    list->AddRectFilled(top_left(bar), bottom_right(bar), imcolour(palette::panel), 4.0f);
    if (g.ratio) {
      const double fill = std::clamp(*g.ratio / gauge_full_ratio, 0.0, 1.0);
      const bool low = *g.ratio < threshold;
      list->AddRectFilled(top_left(bar),
                          ImVec2(bar.x + static_cast<float>(fill) * bar.w, bar.bottom()),
                          imcolour(low ? palette::gauge_low : palette::gauge_ok), 4.0f);
    }
    const float tx =
        bar.x + static_cast<float>(std::clamp(threshold / gauge_full_ratio, 0.0, 1.0)) * bar.w;
    list->AddLine(ImVec2(tx, bar.y - bar.h * 0.2f), ImVec2(tx, bar.bottom() + bar.h * 0.2f),
                  imcolour(palette::threshold), 3.0f);
  }
}

}  // namespace

Rgb runner_background(const OverlayView& view, double now_s) {
  const auto& cue = view.cue();
  const double strength = cue ? cue->strength(now_s, view.cue_timing()) : 0.0;
  return strength > 0 ? mix(palette::background, cue_colour(cue->kind), strength)
                      : palette::background;
}

void draw_runner_view(ImDrawList* list, const Fonts& fonts, const OverlayView& view, double now_s,
                      const RunnerLayout& l) {
  const auto& cue = view.cue();
  const double strength = cue ? cue->strength(now_s, view.cue_timing()) : 0.0;
  if (strength > 0) {
    const std::string word(cue->word());
    text_centred(list, fonts.huge, 112.0f, l.cue, imcolour(palette::text, strength), word.c_str());
  }
  // The link first (without it nothing else is known), then the sound and the recording: a
  // runner who will hear no cue, or whose session is not being stored, should learn of it
  // before the session's number.
  std::string status = view.status_sentence(now_s);
  if (status.empty()) {
    const std::string sound = view.sound_sentence(), recording = view.recording_sentence();
    status = sound.empty() ? recording : recording.empty() ? sound : sound + " · " + recording;
  }
  const std::string header =
      !status.empty() ? status
      : view.session_number()
          ? fmt::format("{} · session {}{}", view.runner_id().empty() ? "runner" : view.runner_id(),
                        *view.session_number(),
                        view.program_sentence().empty() ? "" : " · " + view.program_sentence())
          : std::string();
  text_left(list, fonts.normal, l.status.h * 0.7f, l.status,
            imcolour(status.empty() ? palette::dim_text : palette::pending), header.c_str());

  draw_target(list, fonts, view, l);
  draw_marks(list, fonts, view, l);
  draw_metrics(list, fonts, view, l);
  draw_gauges(list, fonts, view, l);
}

}  // namespace stridecue::overlay
