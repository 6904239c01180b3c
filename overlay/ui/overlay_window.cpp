#include "ui/overlay_window.hpp"

#include <imgui.h>
#include <imgui_impl_sdl.h>
#include <imgui_impl_sdlrenderer.h>
#include <stb_image_write.h>

#include <algorithm>
#include <cfloat>
#include <stdexcept>

#include "ui/runner_view.hpp"

namespace stridecue::overlay {

namespace {
std::runtime_error sdl_error(const std::string& what) {
  return std::runtime_error(what + ": " + SDL_GetError());
}
}  // namespace

OverlayWindow::OverlayWindow(const WindowOptions& options) : coach_visible_(options.coach) {
  if (SDL_Init(SDL_INIT_VIDEO | SDL_INIT_EVENTS) != 0) throw sdl_error("SDL_Init(video)");
  Uint32 flags = SDL_WINDOW_RESIZABLE | SDL_WINDOW_ALLOW_HIGHDPI;
  int x = SDL_WINDOWPOS_CENTERED, y = SDL_WINDOWPOS_CENTERED;
  int width = options.width, height = options.height;
  SDL_Rect display{};
  const bool have_display = SDL_GetDisplayBounds(0, &display) == 0;
  if (options.fullscreen) {
    // Opened already covering the display, borderless: a kiosk X server with no window manager
    // (the treadmill's PC, Xvfb) ignores the full-screen request, and SDL then believed its
    // window filled the screen while X kept it 1280x720 — the frame drawn for 1920x1080 was cut
    // to the corner. With a window manager the request still makes it a real full screen.
    flags |= SDL_WINDOW_FULLSCREEN_DESKTOP | SDL_WINDOW_BORDERLESS;
    if (have_display) {
      x = display.x;
      y = display.y;
      width = display.w;
      height = display.h;
    }
  }
  window_ = SDL_CreateWindow("stridecue overlay", x, y, width, height, flags);
  if (!window_) {
    SDL_Quit();
    throw sdl_error("SDL_CreateWindow " + std::to_string(options.width) + "x" +
                    std::to_string(options.height));
  }
  Uint32 renderer_flags = options.software ? SDL_RENDERER_SOFTWARE : SDL_RENDERER_ACCELERATED;
  if (options.vsync) renderer_flags |= SDL_RENDERER_PRESENTVSYNC;
  renderer_ = SDL_CreateRenderer(window_, -1, renderer_flags);
  if (!renderer_ && !options.software)
    renderer_ = SDL_CreateRenderer(window_, -1, SDL_RENDERER_SOFTWARE);
  if (!renderer_) {
    SDL_DestroyWindow(window_);
    SDL_Quit();
    throw sdl_error("SDL_CreateRenderer");
  }
  IMGUI_CHECKVERSION();
  ImGui::CreateContext();
  ImGui::GetIO().IniFilename = nullptr;  // no imgui.ini beside wherever it was started
  ImGui::StyleColorsDark();
  ImGui::GetStyle().WindowRounding = 0.0f;
  fonts_ = load_fonts(options.font_file,
                      std::max(height, have_display && options.fullscreen ? display.h : 0));
  ImGui_ImplSDL2_InitForSDLRenderer(window_);
  ImGui_ImplSDLRenderer_Init(renderer_);
}

OverlayWindow::~OverlayWindow() {
  ImGui_ImplSDLRenderer_Shutdown();
  ImGui_ImplSDL2_Shutdown();
  ImGui::DestroyContext();
  SDL_DestroyRenderer(renderer_);
  SDL_DestroyWindow(window_);
  SDL_Quit();
}

std::string OverlayWindow::renderer_name() const {
  SDL_RendererInfo info{};
  SDL_GetRendererInfo(renderer_, &info);
  return info.name ? info.name : "?";
}

bool OverlayWindow::handle_events() {
  SDL_Event event;
  bool open = true;
  while (SDL_PollEvent(&event)) {
    ImGui_ImplSDL2_ProcessEvent(&event);
    if (event.type == SDL_QUIT) open = false;
    if (event.type == SDL_WINDOWEVENT && event.window.event == SDL_WINDOWEVENT_CLOSE &&
        event.window.windowID == SDL_GetWindowID(window_))
      open = false;
    if (event.type == SDL_KEYDOWN && !event.key.repeat &&
        (event.key.keysym.sym == SDLK_F2 ||
         (event.key.keysym.sym == SDLK_TAB && !ImGui::GetIO().WantTextInput)))
      coach_visible_ = !coach_visible_;
  }
  return open;
}

Rect OverlayWindow::drawable() const {
  int w = 0, h = 0;
  SDL_GetRendererOutputSize(renderer_, &w, &h);
  return Rect{0, 0, static_cast<float>(w), static_cast<float>(h)};
}

RunnerLayout OverlayWindow::runner_layout() const {
  const Rect all = drawable();
  return layout_runner(
      Rect{0, 0, all.w * (coach_visible_ ? runner_share_with_coach : 1.0f), all.h});
}

void OverlayWindow::render(OverlayView& view, DaemonCommands& commands, double now_s,
                           Pixels* capture) {
  ImGui_ImplSDLRenderer_NewFrame();
  ImGui_ImplSDL2_NewFrame();
  // ImGui's backend measures the window in points and scales to the framebuffer; the overlay
  // draws in the renderer's pixels (its layout comes from the output size, so a HiDPI screen is
  // laid out for its pixels, not its points). The mouse comes in points: scaled to match.
  int out_w = 0, out_h = 0, win_w = 0, win_h = 0;
  SDL_GetRendererOutputSize(renderer_, &out_w, &out_h);
  SDL_GetWindowSize(window_, &win_w, &win_h);
  ImGuiIO& io = ImGui::GetIO();
  io.DisplaySize = ImVec2(static_cast<float>(out_w), static_cast<float>(out_h));
  io.DisplayFramebufferScale = ImVec2(1.0f, 1.0f);
  if (win_w > 0 && win_h > 0) {
    const float sx = static_cast<float>(out_w) / static_cast<float>(win_w);
    const float sy = static_cast<float>(out_h) / static_cast<float>(win_h);
    io.FontGlobalScale = sy;  // the coach panel's widgets at the same physical size
    if (io.MousePos.x > -FLT_MAX && io.MousePos.y > -FLT_MAX)
      io.MousePos = ImVec2(io.MousePos.x * sx, io.MousePos.y * sy);
  }
  ImGui::NewFrame();
  // The status, every few seconds, whether the coach panel is shown or not: the runner view's
  // target share and the panel's link counters come from it.
  if (view.take_status_poll(now_s)) commands.fetch_status();
  const RunnerLayout layout = runner_layout();
  runner_texts_.clear();
  draw_runner_view(ImGui::GetBackgroundDrawList(), fonts_, view, now_s, layout, &runner_texts_);
  if (coach_visible_) {
    const float x = layout.area.right();
    coach_.draw(fonts_, view, commands, now_s,
                Rect{x, 0, ImGui::GetIO().DisplaySize.x - x, ImGui::GetIO().DisplaySize.y});
  }
  ImGui::Render();
  // The runner view's background (the cue colour) is the clear colour; the panel covers its part.
  const Rgb background = runner_background(view, now_s);
  SDL_SetRenderDrawColor(renderer_, background.r, background.g, background.b, 255);
  SDL_RenderClear(renderer_);
  ImGui_ImplSDLRenderer_RenderDrawData(ImGui::GetDrawData());
  if (capture) {
    int w = 0, h = 0;
    SDL_GetRendererOutputSize(renderer_, &w, &h);
    capture->width = w;
    capture->height = h;
    capture->rgb.resize(static_cast<std::size_t>(w) * static_cast<std::size_t>(h) * 3);
    if (SDL_RenderReadPixels(renderer_, nullptr, SDL_PIXELFORMAT_RGB24, capture->rgb.data(),
                             w * 3) != 0)
      throw sdl_error("SDL_RenderReadPixels");
  }
  SDL_RenderPresent(renderer_);
}

void Pixels::save_png(const std::string& path) const {
  if (stbi_write_png(path.c_str(), width, height, 3, rgb.data(), width * 3) == 0)
    throw std::runtime_error("cannot write the screenshot " + path);
}

}  // namespace stridecue::overlay
