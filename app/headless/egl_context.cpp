#include "headless/egl_context.hpp"

#include <epoxy/egl.h>

#include <string>
#include <vector>

namespace gs {

struct HeadlessContext::Impl {
  EGLDisplay display = EGL_NO_DISPLAY;
  EGLContext context = EGL_NO_CONTEXT;
};

namespace {

bool hasExtension(const char* list, const std::string& name) {
  if (list == nullptr) return false;
  const std::string all = std::string(" ") + list + " ";
  return all.find(" " + name + " ") != std::string::npos;
}

// Surfaceless first (no GPU, no X needed); then the first EGL device.
EGLDisplay openDisplay() {
  const char* clientExtensions = eglQueryString(EGL_NO_DISPLAY, EGL_EXTENSIONS);
  if (!hasExtension(clientExtensions, "EGL_EXT_platform_base")) return EGL_NO_DISPLAY;
  if (hasExtension(clientExtensions, "EGL_MESA_platform_surfaceless")) {
    EGLDisplay display =
        eglGetPlatformDisplayEXT(EGL_PLATFORM_SURFACELESS_MESA, EGL_DEFAULT_DISPLAY, nullptr);
    if (display != EGL_NO_DISPLAY && eglInitialize(display, nullptr, nullptr)) return display;
  }
  if (hasExtension(clientExtensions, "EGL_EXT_platform_device") &&
      hasExtension(clientExtensions, "EGL_EXT_device_enumeration")) {
    EGLDeviceEXT devices[8];
    EGLint count = 0;
    if (eglQueryDevicesEXT(8, devices, &count)) {
      for (EGLint i = 0; i < count; ++i) {
        EGLDisplay display = eglGetPlatformDisplayEXT(EGL_PLATFORM_DEVICE_EXT, devices[i], nullptr);
        if (display != EGL_NO_DISPLAY && eglInitialize(display, nullptr, nullptr)) return display;
      }
    }
  }
  return EGL_NO_DISPLAY;
}

std::string eglErrorText(const char* what) {
  char code[16];
  std::snprintf(code, sizeof code, "0x%04x", static_cast<unsigned>(eglGetError()));
  return std::string(what) + " failed (EGL error " + code + ")";
}

}  // namespace

std::unique_ptr<HeadlessContext> HeadlessContext::create(std::string& error) {
  auto impl = std::make_unique<Impl>();
  impl->display = openDisplay();
  if (impl->display == EGL_NO_DISPLAY) {
    error = "no EGL display: neither the surfaceless nor the device platform is available";
    return nullptr;
  }
  std::unique_ptr<HeadlessContext> result(new HeadlessContext(std::move(impl)));
  Impl& state = *result->impl_;
  if (!eglBindAPI(EGL_OPENGL_API)) {
    error = eglErrorText("eglBindAPI(EGL_OPENGL_API)");
    return nullptr;
  }
  const EGLint configAttributes[] = {EGL_RENDERABLE_TYPE, EGL_OPENGL_BIT, EGL_NONE};
  EGLConfig config = nullptr;
  EGLint configCount = 0;
  if (!eglChooseConfig(state.display, configAttributes, &config, 1, &configCount) || configCount < 1) {
    // Surfaceless displays may offer no configs; EGL_KHR_no_config_context makes one unnecessary.
    config = EGL_NO_CONFIG_KHR;
  }
  const EGLint contextAttributes[] = {EGL_CONTEXT_MAJOR_VERSION,
                                      3,
                                      EGL_CONTEXT_MINOR_VERSION,
                                      3,
                                      EGL_CONTEXT_OPENGL_PROFILE_MASK,
                                      EGL_CONTEXT_OPENGL_CORE_PROFILE_BIT,
                                      EGL_NONE};
  state.context = eglCreateContext(state.display, config, EGL_NO_CONTEXT, contextAttributes);
  if (state.context == EGL_NO_CONTEXT) {
    error = eglErrorText("eglCreateContext (OpenGL 3.3 core)");
    return nullptr;
  }
  if (!eglMakeCurrent(state.display, EGL_NO_SURFACE, EGL_NO_SURFACE, state.context)) {
    error = eglErrorText("eglMakeCurrent without a surface");
    return nullptr;
  }
  return result;
}

HeadlessContext::HeadlessContext(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}

HeadlessContext::~HeadlessContext() {
  if (impl_->display == EGL_NO_DISPLAY) return;
  eglMakeCurrent(impl_->display, EGL_NO_SURFACE, EGL_NO_SURFACE, EGL_NO_CONTEXT);
  if (impl_->context != EGL_NO_CONTEXT) eglDestroyContext(impl_->display, impl_->context);
  eglTerminate(impl_->display);
}

}  // namespace gs
