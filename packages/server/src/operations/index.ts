/** Registers every operation this server implements (one file each in this folder). */
import './registry';
import './lookup';
import './validate-code';
import './expand';
import './everything';
import './break-glass';
