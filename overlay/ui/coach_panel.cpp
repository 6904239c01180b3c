#include "ui/coach_panel.hpp"

#include <cmath>

#include <fmt/format.h>
#include <imgui.h>

#include <algorithm>
#include <cstring>

#include "ui/draw_helpers.hpp"

namespace stridecue::overlay {

namespace {

constexpr double applied_shown_s = 4.0;    // "applied" stays beside a field this long
constexpr double slider_max_span = 10000;  // wider ranges get a typed field instead

bool is_main(const std::string& key) {
  return std::any_of(std::begin(main_setting_keys), std::end(main_setting_keys),
                     [&](const char* k) { return key == k; });
}

void edit_status(const OverlayView& view, const std::string& key, double now_s) {
  const SettingEdit* edit = view.edits().find(key);
  if (!edit) return;
  ImGui::SameLine();
  switch (edit->state) {
    case EditState::pending: ImGui::TextColored(imvec(palette::pending), "pending"); break;
    case EditState::applied:
      if (now_s - edit->changed_at_s < applied_shown_s)
        ImGui::TextColored(imvec(palette::applied), "applied");
      break;
    case EditState::refused:
      ImGui::TextColored(imvec(palette::refused), "refused: %s", edit->message.c_str());
      break;
    case EditState::failed:
      ImGui::TextColored(imvec(palette::refused), "not sent: %s", edit->message.c_str());
      break;
  }
}

// What the field shows: the value being sent while it is pending, else the daemon's.
nlohmann::json shown_value(const OverlayView& view, const std::string& key) {
  if (const SettingEdit* edit = view.edits().find(key); edit && edit->state == EditState::pending)
    return edit->value;
  return view.setting(key);
}

}  // namespace

void CoachPanel::send(const std::string& key, nlohmann::json value, OverlayView& view,
                      DaemonCommands& commands, double now_s) {
  const nlohmann::json changes{{key, std::move(value)}};
  commands.patch_settings(changes, view.on_edit_sent(changes, now_s));
}

void CoachPanel::draw_link_health(const OverlayView& view) {
  const LinkStatus& link = view.link();
  if (link.health.empty()) return;  // a file or the simulator: no link to watch
  const std::string problems = link.health_problems();
  if (problems.empty())
    ImGui::TextColored(imvec(palette::dim_text), "device link: no errors");
  else
    ImGui::TextColored(imvec(palette::pending), "device link: %s", problems.c_str());
}

void CoachPanel::draw(const Fonts& fonts, OverlayView& view, DaemonCommands& commands, double now_s,
                      const Rect& area) {
  rects_.clear();
  ImGui::SetNextWindowPos(ImVec2(area.x, area.y));
  ImGui::SetNextWindowSize(ImVec2(area.w, area.h));
  ImGui::PushFont(fonts.normal);
  ImGui::Begin("Coach", nullptr,
               ImGuiWindowFlags_NoMove | ImGuiWindowFlags_NoResize | ImGuiWindowFlags_NoCollapse |
                   ImGuiWindowFlags_NoTitleBar);
  const std::string status = view.status_sentence(now_s);
  if (status.empty())
    ImGui::TextColored(imvec(palette::applied), "connected to %s", view.link().url.c_str());
  else
    ImGui::TextColored(imvec(palette::pending), "%s", status.c_str());
  if (const auto number = view.session_number()) {
    const long long t = std::llround(view.session_elapsed_s().value_or(0.0));
    ImGui::Text("runner %s · session %lld · %lld:%02lld", view.runner_id().c_str(), *number, t / 60,
                t % 60);
  } else if (view.session_s()) {
    ImGui::Text("runner %s · no session recording", view.runner_id().c_str());
  }
  if (!view.last_notice().empty())
    ImGui::TextColored(imvec(palette::dim_text), "%s", view.last_notice().c_str());
  draw_link_health(view);

  draw_traces(view, ImGui::GetContentRegionAvail().x);
  draw_actions(view, commands);
  ImGui::Separator();

  if (view.schema().empty()) {
    ImGui::TextColored(imvec(palette::dim_text), "waiting for the daemon's settings …");
  } else {
    ImGui::PushItemWidth(ImGui::GetContentRegionAvail().x * 0.45f);
    for (const char* key : main_setting_keys)
      for (const auto& spec : view.schema())
        if (spec.key == key && spec.live) draw_setting(spec, view, commands, now_s);
    if (ImGui::CollapsingHeader("All live settings")) {
      for (const auto& spec : view.schema())
        if (spec.live && !is_main(spec.key)) draw_setting(spec, view, commands, now_s);
    }
    ImGui::PopItemWidth();
  }
  ImGui::End();
  ImGui::PopFont();
}

void CoachPanel::draw_traces(const OverlayView& view, float width) {
  const double window = view.options().trace_window_s;
  auto plot = [&](const TraceBuffer& trace, const char* unit, float height, float scale_max) {
    const std::vector<float> values = trace.last(window);
    const std::string label = fmt::format("{} ({})", trace.name(), unit);
    ImGui::PlotLines("##trace", values.data(), static_cast<int>(values.size()), 0, label.c_str(),
                     0.0f, scale_max, ImVec2(width, height));
  };
  ImGui::PushID("force");
  for (std::size_t i = 0; i < view.force_traces().size(); ++i) {
    ImGui::PushID(static_cast<int>(i));
    plot(view.force_traces()[i], "N", 56.0f, FLT_MAX);
    ImGui::PopID();
  }
  ImGui::PopID();
  ImGui::PushID("emg");
  for (std::size_t i = 0; i < view.emg_traces().size(); ++i) {
    ImGui::PushID(static_cast<int>(i));
    plot(view.emg_traces()[i], "V", 40.0f, FLT_MAX);
    ImGui::PopID();
  }
  ImGui::PopID();
}

void CoachPanel::draw_actions(OverlayView& view, DaemonCommands& commands) {
  ImGui::SetNextItemWidth(140.0f);
  ImGui::InputTextWithHint("##runner", "runner id", runner_, sizeof runner_);
  ImGui::SameLine();
  if (ImGui::Button("Start session")) commands.start_session(runner_);
  ImGui::SameLine();
  if (ImGui::Button("Stop session")) commands.stop_session();
  ImGui::SameLine();
  ImGui::TextUnformatted("Reset baseline:");
  for (const char* side : {"both", "left", "right"}) {
    ImGui::SameLine();
    if (ImGui::Button(side)) {
      commands.reset_baseline(std::strcmp(side, "both") == 0 ? std::string() : side);
      view.note(std::string("baseline reset sent (") + side + ")");
    }
  }
}

void CoachPanel::draw_setting(const SettingSpec& spec, OverlayView& view, DaemonCommands& commands,
                              double now_s) {
  ImGui::PushID(spec.key.c_str());
  const nlohmann::json value = shown_value(view, spec.key);
  const char* label = spec.label.c_str();  // unique within the PushID of its key
  switch (spec.type) {
    case SettingType::boolean: {
      bool on = value.is_boolean() && value.get<bool>();
      if (ImGui::Checkbox(label, &on)) send(spec.key, on, view, commands, now_s);
      break;
    }
    case SettingType::choice: {
      const std::string current = value.is_string() ? value.get<std::string>() : "";
      if (ImGui::BeginCombo(label, current.c_str())) {
        for (const auto& choice : spec.choices)
          if (ImGui::Selectable(choice.c_str(), choice == current) && choice != current)
            send(spec.key, choice, view, commands, now_s);
        ImGui::EndCombo();
      }
      break;
    }
    case SettingType::choice_list: {
      ImGui::TextUnformatted(label);
      for (const auto& choice : spec.choices) {
        ImGui::SameLine();
        bool on = value.is_array() && std::find(value.begin(), value.end(), choice) != value.end();
        if (ImGui::Checkbox(choice.c_str(), &on)) {
          nlohmann::json list = nlohmann::json::array();
          for (const auto& c : spec.choices) {
            const bool was =
                value.is_array() && std::find(value.begin(), value.end(), c) != value.end();
            if (c == choice ? on : was) list.push_back(c);
          }
          send(spec.key, list, view, commands, now_s);
        }
      }
      break;
    }
    case SettingType::string: {
      const auto draft = text_drafts_.find(spec.key);
      const std::string text = draft != text_drafts_.end() ? draft->second
                               : value.is_string()         ? value.get<std::string>()
                                                           : std::string();
      char buffer[128] = {};
      std::snprintf(buffer, sizeof buffer, "%s", text.c_str());
      if (ImGui::InputText(label, buffer, sizeof buffer)) text_drafts_[spec.key] = buffer;
      if (ImGui::IsItemDeactivatedAfterEdit()) {
        send(spec.key, std::string(buffer), view, commands, now_s);
        text_drafts_.erase(spec.key);
      } else if (!ImGui::IsItemActive()) {
        text_drafts_.erase(spec.key);
      }
      break;
    }
    case SettingType::number:
    case SettingType::integer: {
      const bool integer = spec.type == SettingType::integer;
      const double lo = spec.min.value_or(0.0), hi = spec.max.value_or(lo + 1.0);
      const auto draft = number_drafts_.find(spec.key);
      double v = draft != number_drafts_.end() ? draft->second
                 : value.is_number()           ? value.get<double>()
                                               : lo;
      const std::string format = (integer         ? std::string("%.0f")
                                  : hi - lo <= 10 ? std::string("%.3f")
                                                  : std::string("%.1f")) +
                                 (spec.unit.empty() ? "" : " " + spec.unit) +
                                 (value.is_null() ? " (unset)" : "");
      if (spec.min && spec.max && hi - lo <= slider_max_span)
        ImGui::SliderScalar(label, ImGuiDataType_Double, &v, &lo, &hi, format.c_str());
      else
        ImGui::InputScalar(label, ImGuiDataType_Double, &v, nullptr, nullptr, format.c_str());
      if (ImGui::IsItemActive()) number_drafts_[spec.key] = v;
      if (ImGui::IsItemDeactivatedAfterEdit()) {
        number_drafts_.erase(spec.key);
        if (integer)
          send(spec.key, static_cast<long long>(v + (v < 0 ? -0.5 : 0.5)), view, commands, now_s);
        else
          send(spec.key, v, view, commands, now_s);
      } else if (!ImGui::IsItemActive()) {
        number_drafts_.erase(spec.key);
      }
      break;
    }
  }
  // The widget's frame, without its label: a slider's ends are the frame's.
  const ImVec2 a = ImGui::GetItemRectMin(), b = ImGui::GetItemRectMax();
  rects_[spec.key] = Rect{a.x, a.y, std::min(ImGui::CalcItemWidth(), b.x - a.x), b.y - a.y};
  if (ImGui::IsItemHovered())
    ImGui::SetTooltip("%s\n%s", spec.doc.c_str(), spec.key.c_str());  // the key for ctl and TOML
  edit_status(view, spec.key, now_s);
  ImGui::PopID();
}

}  // namespace stridecue::overlay
