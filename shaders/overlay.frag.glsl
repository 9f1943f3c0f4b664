#version 330 core
in vec2 vTexCoord;
in vec4 vColor;
uniform sampler2D uFont;  // single channel coverage
out vec4 fragColor;
void main() {
  float coverage;
  if (vTexCoord.x >= 0.0) {
    coverage = texture(uFont, vTexCoord).r;
  } else if (vTexCoord.x > -1.5) {
    coverage = 1.0;  // solid
  } else {
    // A feathered edge: full within half the width of the centre line, fading to nothing over a pixel.
    float halfWidth = -vTexCoord.x - 2.0;
    coverage = clamp(halfWidth + 0.5 - abs(vTexCoord.y), 0.0, 1.0);
  }
  fragColor = vec4(vColor.rgb, vColor.a * coverage);
}
