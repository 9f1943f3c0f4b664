#version 330 core
in float vValue;
in vec2 vLight;  // per vertex (see mesh.vert.glsl): front face, back face
uniform sampler2D uColormaps;
uniform float uColormapRow;
uniform vec4 uLineColor;      // alpha > 0: wireframe pass, flat colour
uniform float uContourCount;  // > 0: darker bands at that many levels of t, as in the 2D view
out vec4 fragColor;

void main() {
  if (uLineColor.a > 0.0) {
    fragColor = uLineColor;
    return;
  }
  vec3 base = texture(uColormaps, vec2(clamp(vValue, 0.0, 1.0), uColormapRow)).rgb;
  vec3 color = base * (gl_FrontFacing ? vLight.x : vLight.y);
  if (uContourCount > 0.0) {
    // A band a pixel and a half wide wherever t crosses a level, anti-aliased with the screen derivative.
    float level = vValue * uContourCount;
    float distance = abs(fract(level + 0.5) - 0.5) / max(fwidth(level), 1e-6);
    float band = 1.0 - clamp(distance - 0.75, 0.0, 1.0);
    color = mix(color, color * 0.6, band * 0.7);
  }
  fragColor = vec4(color, 1.0);
}
