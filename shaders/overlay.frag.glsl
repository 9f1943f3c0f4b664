#version 330 core
in vec2 vTexCoord;
in vec4 vColor;
uniform sampler2D uFont;  // single channel coverage
out vec4 fragColor;
void main() {
  float coverage = vTexCoord.x < 0.0 ? 1.0 : texture(uFont, vTexCoord).r;
  fragColor = vec4(vColor.rgb, vColor.a * coverage);
}
