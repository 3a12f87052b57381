/**
 * The config properties of the managed connection factories: their names, defaults and validation
 * (a wrong value names the property, the value and the valid values), and the Jakarta Mail session
 * properties they become. Depends on nothing else of emailra's implementation.
 */
package io.emailra.ra.config;
