// The benchmark's training step written for TensorFlow.js, from the same config, initial weights and
// batch as ours (the `parity` setup): reconstruction + KL + weight decay, plain SGD, f32.

/** Variables and constants for one run; `setup` is our benchParity() JSON. */
function tensors(tf, setup) {
  const { model, batch } = setup;
  const [l1, l2] = model.layers;
  const m = model.config.batchSize;
  return {
    m,
    X: tf.tensor2d(batch, [m, model.inputDim]),
    W1: tf.variable(tf.tensor2d(l1.weights, [l1.inputs, l1.outputs])),
    b1: tf.variable(tf.tensor1d(l1.biases)),
    W2: tf.variable(tf.tensor2d(l2.weights, [l2.inputs, l2.outputs])),
    b2: tf.variable(tf.tensor1d(l2.biases)),
  };
}

function settings(setup) {
  const c = setup.model.config;
  const sigmoidOutput = c.outputActivation === 'sigmoid' || (c.outputActivation === 'auto' && c.dataset === 'mnist');
  return { lr: c.learningRate, rho: c.rho, beta: c.beta, decay: c.weightDecay, sigmoidOutput };
}

/** The idiomatic version: the loss as a function, `optimizer.minimize` differentiates it. */
export function idiomaticStep(tf, setup) {
  const t = tensors(tf, setup);
  const s = settings(setup);
  const optimizer = tf.train.sgd(s.lr);
  const loss = () => {
    const h = tf.sigmoid(tf.add(tf.matMul(t.X, t.W1), t.b1));
    const z2 = tf.add(tf.matMul(h, t.W2), t.b2);
    const out = s.sigmoidOutput ? tf.sigmoid(z2) : z2;
    const reconstruction = tf.div(tf.mul(0.5, tf.sum(tf.square(tf.sub(out, t.X)))), t.m);
    const rhoHat = tf.mean(h, 0);
    const kl = tf.mul(s.beta, tf.sum(tf.add(
      tf.mul(s.rho, tf.log(tf.div(s.rho, rhoHat))),
      tf.mul(1 - s.rho, tf.log(tf.div(1 - s.rho, tf.sub(1, rhoHat)))))));
    const decay = tf.mul(s.decay / 2, tf.add(tf.sum(tf.square(t.W1)), tf.sum(tf.square(t.W2))));
    return tf.add(tf.add(reconstruction, kl), decay);
  };
  return () => {
    const cost = optimizer.minimize(loss, true);
    const value = cost.dataSync()[0];
    cost.dispose();
    return value;
  };
}

/** The hand-written backward pass: explicit transposes, so every matMul runs without transpose flags
 * (the wasm backend's flagged products fall back to a scalar loop). */
export function manualStep(tf, setup) {
  const t = tensors(tf, setup);
  const s = settings(setup);
  return () => {
    const value = tf.tidy(() => {
      const h = tf.sigmoid(tf.add(tf.matMul(t.X, t.W1), t.b1));
      const z2 = tf.add(tf.matMul(h, t.W2), t.b2);
      const out = s.sigmoidOutput ? tf.sigmoid(z2) : z2;
      const diff = tf.sub(out, t.X);
      const reconstruction = tf.div(tf.mul(0.5, tf.sum(tf.square(diff))), t.m);
      const rhoHat = tf.mean(h, 0);
      const kl = tf.mul(s.beta, tf.sum(tf.add(
        tf.mul(s.rho, tf.log(tf.div(s.rho, rhoHat))),
        tf.mul(1 - s.rho, tf.log(tf.div(1 - s.rho, tf.sub(1, rhoHat)))))));
      const decay = tf.mul(s.decay / 2, tf.add(tf.sum(tf.square(t.W1)), tf.sum(tf.square(t.W2))));
      const total = tf.add(tf.add(reconstruction, kl), decay);

      let dz2 = tf.div(diff, t.m);
      if (s.sigmoidOutput) dz2 = tf.mul(dz2, tf.mul(out, tf.sub(1, out)));
      const dW2 = tf.matMul(tf.transpose(h), dz2);
      const db2 = tf.sum(dz2, 0);
      const klGrad = tf.mul(s.beta / t.m, tf.add(tf.div(-s.rho, rhoHat), tf.div(1 - s.rho, tf.sub(1, rhoHat))));
      const dh = tf.add(tf.matMul(dz2, tf.transpose(t.W2)), klGrad);
      const dz1 = tf.mul(dh, tf.mul(h, tf.sub(1, h)));
      const dW1 = tf.matMul(tf.transpose(t.X), dz1);
      const db1 = tf.sum(dz1, 0);
      t.W1.assign(tf.sub(t.W1, tf.mul(s.lr, tf.add(dW1, tf.mul(s.decay, t.W1)))));
      t.W2.assign(tf.sub(t.W2, tf.mul(s.lr, tf.add(dW2, tf.mul(s.decay, t.W2)))));
      t.b1.assign(tf.sub(t.b1, tf.mul(s.lr, db1)));
      t.b2.assign(tf.sub(t.b2, tf.mul(s.lr, db2)));
      return total.dataSync()[0];
    });
    return value;
  };
}
