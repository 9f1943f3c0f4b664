#version 330 core
// Solid shapes of the overlay (plates, bands, filled triangles): their colour, nothing to compute. Drawn
// apart from the round and feathered shapes (overlay.frag), whose branches llvmpipe runs for every pixel.
in vec4 vColor;
out vec4 fragColor;
void main() { fragColor = vColor; }
