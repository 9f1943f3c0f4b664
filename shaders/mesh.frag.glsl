#version 330 core
in float vValue;
in vec3 vNormal;
in vec3 vWorld;
uniform sampler2D uColormaps;
uniform float uColormapRow;
uniform vec3 uEye;
uniform vec4 uLineColor;      // alpha > 0: wireframe pass, flat colour
uniform float uContourCount;  // > 0: darker bands at that many levels of t, as in the 2D view
out vec4 fragColor;

void main() {
  if (uLineColor.a > 0.0) {
    fragColor = uLineColor;
    return;
  }
  vec3 base = texture(uColormaps, vec2(clamp(vValue, 0.0, 1.0), uColormapRow)).rgb;
  vec3 normal = normalize(vNormal);
  if (!gl_FrontFacing) normal = -normal;  // seen from below
  // A soft key light from above and behind the viewer's left, a sky-to-ground ambient and a gentle
  // highlight: slopes read without the dark, hard-edged shadows of a single point light.
  vec3 light = normalize(vec3(0.4, 0.3, 1.0));
  vec3 toEye = normalize(uEye - vWorld);
  float wrapped = clamp((dot(normal, light) + 0.35) / 1.35, 0.0, 1.0);
  float sky = 0.5 + 0.5 * normal.z;
  float specular = pow(max(dot(normalize(light + toEye), normal), 0.0), 24.0);
  vec3 color = base * (0.30 + 0.15 * sky + 0.62 * wrapped) + vec3(0.10 * specular);
  if (uContourCount > 0.0) {
    // A band a pixel and a half wide wherever t crosses a level, anti-aliased with the screen derivative.
    float level = vValue * uContourCount;
    float distance = abs(fract(level + 0.5) - 0.5) / max(fwidth(level), 1e-6);
    float band = 1.0 - clamp(distance - 0.75, 0.0, 1.0);
    color = mix(color, color * 0.6, band * 0.7);
  }
  fragColor = vec4(color, 1.0);
}
