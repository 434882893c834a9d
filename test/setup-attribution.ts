// Loads src/attribution before every test file, so engines and worlds a test builds without an attribution factory
// get the one it registers (the product's composition root, src/analysis/run.ts, passes it explicitly).
import '../src/attribution/cascade-generations.js';
