import { ringConfig } from '@ring/eslint-config';

export default ringConfig({ tsconfigRootDir: import.meta.dirname });
