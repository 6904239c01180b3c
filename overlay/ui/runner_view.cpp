#include "ui/runner_view.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>

namespace stridecue::overlay {

namespace {

// Draws and keeps the list of texts; `opacity` dims everything that shows the daemon's data.
struct Painter {
  ImDrawList* list;
  const Fonts& fonts;
  std::vector<DrawnText>* texts;
  double opacity = 1.0;

  ImU32 colour(Rgb c, double alpha = 1.0) const { return imcolour(c, alpha * opacity); }
  void keep(const std::string& text, PlacedText placed, bool detail = false) const {
    if (texts) texts->push_back({text, placed, detail});
  }
  PlacedText centred(ImFont* font, float size, const Rect& box, ImU32 c,
                     const std::string& text) const {
    const PlacedText placed = text_centred(list, font, size, box, c, text.c_str());
    keep(text, placed);
    return placed;
  }
  void left(ImFont* font, float size, const Rect& box, ImU32 c, const std::string& text,
            bool detail = false) const {
    keep(text, text_left(list, font, size, box, c, text.c_str()), detail);
  }
  void right(ImFont* font, float size, const Rect& box, ImU32 c, const std::string& text) const {
    keep(text, text_right(list, font, size, box, c, text.c_str()));
  }
};

void draw_marks(const Painter& p, const OverlayView& view, const RunnerLayout& l) {
  for (std::size_t s = 0; s < 2; ++s) {
    const Side side = s == 0 ? Side::left : Side::right;
    const Rect& row = l.marks_row[s];
    p.list->AddRectFilled(top_left(row), bottom_right(row), imcolour(palette::panel),
                          row.h * 0.15f);
    const Rect label{row.x + row.h * 0.1f, row.y, row.h * 0.5f, row.h};
    p.centred(p.fonts.big, row.h * 0.6f, label, p.colour(palette::text), s == 0 ? "L" : "R");
    const auto& marks = view.strikes().marks(side);
    for (std::size_t i = 0; i < l.marks[s].size(); ++i) {
      const Rect& box = l.marks[s][i];
      if (i >= marks.size()) {
        p.list->AddRect(top_left(box), bottom_right(box), p.colour(palette::unknown, 0.5),
                        box.h * 0.2f, 0, 2.0f);
        continue;
      }
      const StrikeMark& m = marks[i];
      p.list->AddRectFilled(top_left(box), bottom_right(box), p.colour(colour_of(m.strike)),
                            box.h * 0.2f);
      // First letter of the class, for anyone who cannot tell the colours apart.
      const char letter[2] = {static_cast<char>(to_string(m.strike)[0] - 'a' + 'A'), '\0'};
      const Rect inner{box.x, box.y + box.h * 0.2f, box.w, box.h * 0.6f};
      p.centred(p.fonts.big, box.h * 0.6f, inner, p.colour(palette::background), letter);
    }
  }
}

void draw_metrics(const Painter& p, const OverlayView& view, const RunnerLayout& l) {
  const auto share = view.strikes().forefoot_share();
  p.left(p.fonts.big, l.share.h * 0.8f, l.share, p.colour(palette::text),
         share ? fmt::format("FOREFOOT {:.0f}%  last min", *share * 100.0) : "FOREFOOT –");
  const auto cadence = view.cadence_steps_per_min();
  p.left(p.fonts.big, l.cadence.h * 0.8f, l.cadence, p.colour(palette::text),
         cadence ? fmt::format("CADENCE {:.0f} spm", *cadence) : "CADENCE –");
}

// The target the runner works towards, and where the session stands: green once met, else the
// plain text colour (it is a goal to read, not a second alarm beside the cue). Beside it the
// share on a bar, the band at or above the target shaded: how far there is to go, at a glance.
void draw_target(const Painter& p, const OverlayView& view, const RunnerLayout& l) {
  const auto& target = view.cue_target();
  if (!target) return;
  const Rgb colour = target->met() ? palette::target_met : palette::text;
  p.left(p.fonts.big, l.target.h * 0.9f, l.target, p.colour(colour), target->sentence());
  const Rect& bar = l.target_bar;
  p.list->AddRectFilled(top_left(bar), bottom_right(bar), p.colour(palette::background), 4.0f);
  const float band_x = bar.x + static_cast<float>(std::clamp(target->min_share, 0.0, 1.0)) * bar.w;
  p.list->AddRectFilled(ImVec2(band_x, bar.y), bottom_right(bar),
                        p.colour(palette::target_met, 0.35), 4.0f);
  if (target->share) {
    const float to = bar.x + static_cast<float>(std::clamp(*target->share, 0.0, 1.0)) * bar.w;
    const float inset = bar.h * 0.25f;
    p.list->AddRectFilled(ImVec2(bar.x, bar.y + inset), ImVec2(to, bar.bottom() - inset),
                          p.colour(colour));
  }
  p.list->AddRect(top_left(bar), bottom_right(bar), p.colour(palette::text), 4.0f, 0, 2.0f);
}

// On a dark backing panel with an outlined bar, so that neither a cue's colour nor the quiet
// frame can swallow them (the low colour is the heel cue's orange-red).
void draw_gauges(const Painter& p, const OverlayView& view, const RunnerLayout& l) {
  const double threshold = view.glute_drop_threshold();
  for (std::size_t s = 0; s < 2; ++s) {
    const GluteGauge& g = view.glute(s == 0 ? Side::left : Side::right);
    const Rect& box = l.gauges[s];
    const Rect& back = l.gauge_backing[s];
    p.list->AddRectFilled(top_left(back), bottom_right(back), imcolour(palette::background),
                          back.h * 0.08f);
    const Rect label{box.x, box.y, box.w, box.h * 0.42f};
    p.left(p.fonts.big, label.h, label, p.colour(palette::text),
           g.ratio ? fmt::format("{} GLUTE {:.0f}%", s == 0 ? "L" : "R", *g.ratio * 100.0)
                   : fmt::format("{} GLUTE –", s == 0 ? "L" : "R"));
    const Rect bar = gauge_bar(box);
    p.list->AddRectFilled(top_left(bar), bottom_right(bar), imcolour(palette::panel), 4.0f);
    if (g.ratio) {
      const double fill = std::clamp(*g.ratio / gauge_full_ratio, 0.0, 1.0);
      const bool low = *g.ratio < threshold;
      p.list->AddRectFilled(top_left(bar),
                            ImVec2(bar.x + static_cast<float>(fill) * bar.w, bar.bottom()),
                            p.colour(low ? palette::gauge_low : palette::gauge_ok), 4.0f);
    }
    p.list->AddRect(top_left(bar), bottom_right(bar), p.colour(palette::dim_text), 4.0f, 0, 2.0f);
    const float tx =
        bar.x + static_cast<float>(std::clamp(threshold / gauge_full_ratio, 0.0, 1.0)) * bar.w;
    p.list->AddLine(ImVec2(tx, bar.y - bar.h * 0.2f), ImVec2(tx, bar.bottom() + bar.h * 0.2f),
                    p.colour(palette::threshold), 3.0f);
  }
}

// The top line: what is missing (the link first: without it nothing else is known; then the
// sound and the store's trouble), else the runner and session (in the text colour: the grey it
// was could not be read at 2 m on a cue's colour); on its right the session's time, or NOT
// RECORDING while no session is open.
void draw_top_line(const Painter& p, const OverlayView& view, double now_s, const RunnerLayout& l) {
  std::string status = view.status_sentence(now_s);
  const bool link_detail = !status.empty() && view.link().link != LinkState::connected;
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
  if (!header.empty())
    p.left(p.fonts.big, l.status.h * 0.75f, l.status,
           status.empty() ? p.colour(palette::text) : imcolour(palette::pending), header,
           link_detail);
  if (view.not_recording()) {
    p.right(p.fonts.big, l.timer.h * 0.75f, l.timer, p.colour(palette::pending), "NOT RECORDING");
  } else if (const auto elapsed = view.session_elapsed_s()) {
    const auto s = static_cast<long long>(std::floor(*elapsed));
    p.right(p.fonts.big, l.timer.h * 0.85f, l.timer, p.colour(palette::text),
            s >= 3600 ? fmt::format("{}:{:02}:{:02}", s / 3600, s / 60 % 60, s % 60)
                      : fmt::format("{}:{:02}", s / 60, s % 60));
  }
}

double cue_strength(const OverlayView& view, double now_s) {
  const auto& cue = view.cue();
  if (!cue || view.stale()) return 0.0;  // an old cue is no instruction
  return cue->strength(now_s, view.cue_timing());
}

}  // namespace

Rgb runner_background(const OverlayView& view, double now_s) {
  const double strength = cue_strength(view, now_s);
  if (strength <= 0 || view.options().display == CueDisplay::frame) return palette::background;
  return mix(palette::background, cue_colour(view.cue()->kind), strength);
}

void draw_runner_view(ImDrawList* list, const Fonts& fonts, const OverlayView& view, double now_s,
                      const RunnerLayout& l, std::vector<DrawnText>* texts) {
  Painter p{list, fonts, texts, view.stale() ? stale_opacity : 1.0};
  const double strength = cue_strength(view, now_s);
  if (strength > 0) {
    const Rgb colour = cue_colour(view.cue()->kind);
    if (view.options().display == CueDisplay::frame) {
      const float t = l.frame_px;
      const Rect& a = l.area;
      const ImU32 c = imcolour(colour, strength);
      list->AddRectFilled(ImVec2(a.x, a.y), ImVec2(a.right(), a.y + t), c);
      list->AddRectFilled(ImVec2(a.x, a.bottom() - t), ImVec2(a.right(), a.bottom()), c);
      list->AddRectFilled(ImVec2(a.x, a.y + t), ImVec2(a.x + t, a.bottom() - t), c);
      list->AddRectFilled(ImVec2(a.right() - t, a.y + t), ImVec2(a.right(), a.bottom() - t), c);
    }
    // The word as large as the band's height allows (shrunk to the width for long words).
    const PlacedText word =
        p.centred(fonts.huge, l.cue.h * 0.62f, l.cue, imcolour(palette::text, strength),
                  std::string(view.cue()->word()));
    // The foot under it, never louder than the word (a long word in a narrow view shrinks).
    const std::string side(view.cue_side_text());
    if (!side.empty())
      p.centred(fonts.big, std::min(l.cue_side.h * 0.85f, word.size_px * 0.75f), l.cue_side,
                imcolour(palette::text, strength), side);
  } else if (view.link().link != LinkState::connected) {
    // Where the cue would be, in capitals: the screen's figures are not live.
    p.centred(fonts.huge, l.cue.h * 0.45f, l.cue, imcolour(palette::pending),
              view.link().link == LinkState::connecting ? "CONNECTING TO THE DAEMON"
                                                        : "WAITING FOR THE DAEMON");
  }
  draw_top_line(p, view, now_s, l);
  draw_target(p, view, l);
  draw_marks(p, view, l);
  draw_metrics(p, view, l);
  draw_gauges(p, view, l);
}

}  // namespace stridecue::overlay
