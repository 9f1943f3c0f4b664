#version 330 core
// Screen-space glyphs (balls, arrows, markers, text): positions in framebuffer pixels, origin top-left.
layout(location = 0) in vec2 aPixel;
layout(location = 1) in vec2 aTexCoord;  // x >= 0: a texel of the font atlas; else see overlay.frag
layout(location = 2) in vec4 aColor;
uniform vec2 uFramebufferSize;
uniform vec2 uOrigin;  // the pixel drawn at the target's top-left corner (a view drawn offscreen)
out vec2 vTexCoord;
out vec4 vColor;
void main() {
  vec2 pixel = aPixel - uOrigin;
  vec2 ndc = vec2(pixel.x / uFramebufferSize.x * 2.0 - 1.0, 1.0 - pixel.y / uFramebufferSize.y * 2.0);
  gl_Position = vec4(ndc, 0.0, 1.0);
  vTexCoord = aTexCoord;
  vColor = aColor;
}
