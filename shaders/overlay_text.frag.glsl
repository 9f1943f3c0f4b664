#version 330 core
// Lines of text (see OverlayRenderer): their glyphs' coverage, composed on the CPU, one texel per pixel.
in vec2 vTexCoord;
in vec4 vColor;
uniform sampler2D uText;  // single channel coverage
out vec4 fragColor;
void main() { fragColor = vec4(vColor.rgb, vColor.a * texture(uText, vTexCoord).r); }
