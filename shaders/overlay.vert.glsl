#version 330 core
// Screen-space glyphs (balls, arrows, markers, text): positions in framebuffer pixels, origin top-left.
layout(location = 0) in vec2 aPixel;
layout(location = 1) in vec2 aTexCoord;  // a texel of text (overlay_text.frag); a shape's: see overlay.frag
layout(location = 2) in vec4 aColor;
layout(location = 3) in vec2 aRound;     // a disc's or ring's radius and a ring's half width; see overlay.frag
uniform vec2 uFramebufferSize;
uniform vec2 uOrigin;  // the pixel drawn at the target's top-left corner (a view drawn offscreen)
out vec2 vTexCoord;
out vec4 vColor;
flat out vec2 vRound;
void main() {
  vec2 pixel = aPixel - uOrigin;
  vec2 ndc = vec2(pixel.x / uFramebufferSize.x * 2.0 - 1.0, 1.0 - pixel.y / uFramebufferSize.y * 2.0);
  gl_Position = vec4(ndc, 0.0, 1.0);
  vTexCoord = aTexCoord;
  vColor = aColor;
  vRound = aRound;
}
