/** Registers every operation this server implements (one file each in this folder). */
import './registry';
