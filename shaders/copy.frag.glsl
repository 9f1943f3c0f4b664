#version 330 core
// Nothing but the texture lookup: llvmpipe recognises this shader as a blit and copies rows of texels
// instead of shading pixels. Any other operation here loses that.
in vec2 vTexCoord;
uniform sampler2D uTexture;
out vec4 fragColor;
void main() { fragColor = texture(uTexture, vTexCoord); }
