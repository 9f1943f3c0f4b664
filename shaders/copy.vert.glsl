#version 330 core
// A rectangle of a texture onto the viewport, texel for pixel: a strip of 4 vertices made from gl_VertexID.
uniform vec4 uSource;  // texture coordinates of the rectangle's corners: s0, t0, s1, t1
out vec2 vTexCoord;
void main() {
  vec2 corner = vec2(float(gl_VertexID & 1), float((gl_VertexID >> 1) & 1));
  vTexCoord = mix(uSource.xy, uSource.zw, corner);
  gl_Position = vec4(corner * 2.0 - 1.0, 0.0, 1.0);
}
