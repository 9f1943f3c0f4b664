#version 330 core
// Rectangles of a texture onto an area of the framebuffer, texel for pixel (see gl/color_target.hpp).
layout(location = 0) in vec4 aCorner;  // the corner's pixel (x, y) in the area, its texel (s, t) in the texture
uniform vec2 uTarget;                  // the area's size in pixels (the viewport)
uniform vec2 uSource;                  // the texture's size in texels
out vec2 vTexCoord;
void main() {
  vTexCoord = aCorner.zw / uSource;
  gl_Position = vec4(aCorner.xy / uTarget * 2.0 - 1.0, 0.0, 1.0);
}
