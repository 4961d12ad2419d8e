package io.querylens.it.sampler;

class Pg15SamplerIT extends SamplerSuite {

  @Override
  int major() {
    return 15;
  }
}
