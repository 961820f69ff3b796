/** Installs mathjs for formulas (see engine/formula.ts): imported for its effect by engine/index.ts and the workers. */
import * as mathjs from 'mathjs/number';
import { installMath } from './formula.ts';

installMath(mathjs);
