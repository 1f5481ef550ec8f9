import { defineConfig } from 'vitest/config';
import { ringVitestConfig } from '@ring/vitest-config';

export default defineConfig(ringVitestConfig);
