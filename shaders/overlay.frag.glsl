#version 330 core
in vec2 vTexCoord;
in vec4 vColor;
flat in vec2 vRound;  // x > 0: a round shape of that radius in pixels, vTexCoord its offset from the centre
out vec4 fragColor;
void main() {
  float coverage;
  if (vRound.x > 0.0) {
    float distance = length(vTexCoord);
    // A ring (y: half its width) fades over the pixel beyond each side of its band, like the feathered
    // lines; a disc is full to its radius and fades over the next pixel.
    coverage = vRound.y > 0.0 ? clamp(vRound.y + 0.5 - abs(distance - vRound.x), 0.0, 1.0)
                              : clamp(vRound.x + 1.0 - distance, 0.0, 1.0);
  } else if (vTexCoord.x > -1.5) {
    coverage = 1.0;  // solid
  } else {
    // A feathered edge: full within half the width of the centre line, fading to nothing over a pixel.
    float halfWidth = -vTexCoord.x - 2.0;
    coverage = clamp(halfWidth + 0.5 - abs(vTexCoord.y), 0.0, 1.0);
  }
  fragColor = vec4(vColor.rgb, vColor.a * coverage);
}
