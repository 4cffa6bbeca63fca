// The practice database's validate_doc_update: the record types, authorship, and the role policy
// of shared/auth/roles.ts for writes, written out again in ES5 because CouchDB runs it in its own
// JavaScript engine (SpiderMonkey or QuickJS in CouchDB 3.5) and the dev server evals it: a plain
// function, no modern syntax, no imports. Same checks, same order, same reasons as
// writeProblem(); roles.test.ts runs one table of cases against both.
import { RECORD_TYPES } from '../../shared/records/schemas';
import { REASONS, ROLE_PREFIX, ROLES } from '../../shared/auth/roles';

const reason = (r: string): string => JSON.stringify(r);

// Tombstones carry only _id/_rev/_deleted: what they delete is judged by oldDoc. A role is a user
// role `cw-role:<role>` (none: doctor). Server admins (setup, maintenance) may write anything but
// an access log, which nobody changes or deletes (retention goes through _purge, which skips this).
// CouchDB passes as oldDoc the revision the new one follows on its branch; the dev server passes
// the current winner; they differ only for a write on a conflicting branch.
export const VALIDATE_DOC_UPDATE = `function (newDoc, oldDoc, userCtx, secObj) {
  var TYPES = ${JSON.stringify(RECORD_TYPES)};
  var ROLES = ${JSON.stringify(ROLES)};
  var ADMINISTRATIVE = ['patient', 'healthcareParty', 'user', 'accessLog', 'conflictResolution'];
  var ADMINISTRATIVE_RECORDS = ['patient', 'healthcareParty', 'user'];
  function deny(why) { throw({ forbidden: why }); }
  function isArr(v) { return Object.prototype.toString.call(v) === '[object Array]'; }
  function isObj(v) { return v !== null && typeof v === 'object' && !isArr(v); }
  function obj(v) { return isObj(v) ? v : {}; }
  function arr(v) { return isArr(v) ? v : []; }
  function str(v) { return typeof v === 'string' ? v : typeof v === 'number' ? String(v) : ''; }
  function canonical(v) {
    var i, keys, parts = [];
    if (isArr(v)) {
      for (i = 0; i < v.length; i++) { parts.push(v[i] === undefined ? 'null' : canonical(v[i])); }
      return '[' + parts.join(',') + ']';
    }
    if (v !== null && typeof v === 'object') {
      keys = [];
      for (i in v) { if (Object.prototype.hasOwnProperty.call(v, i)) { keys.push(i); } }
      keys.sort();
      for (i = 0; i < keys.length; i++) {
        if (v[keys[i]] !== undefined) { parts.push(JSON.stringify(keys[i]) + ':' + canonical(v[keys[i]])); }
      }
      return '{' + parts.join(',') + '}';
    }
    return v === undefined ? 'null' : JSON.stringify(v);
  }
  function body(doc) {
    var out = {}, k;
    for (k in doc) { if (Object.prototype.hasOwnProperty.call(doc, k) && k.charAt(0) !== '_') { out[k] = doc[k]; } }
    return out;
  }
  function hasCode(doc, type, code) {
    var all = arr(doc.codes).concat(arr(doc.tags)), i, c;
    for (i = 0; i < all.length; i++) {
      c = obj(all[i]);
      if (str(c.type).toUpperCase() === type.toUpperCase() && str(c.code) === code) { return true; }
    }
    return false;
  }
  function isOpenProblem(he) {
    if (!he) { return false; }
    if (((typeof he.status === 'number' && isFinite(he.status) ? he.status : 0) & 1) === 1) { return false; }
    if (he.closingDate !== undefined || he.endOfLife !== undefined || he.deletionDate !== undefined) { return false; }
    if (he.enteredInError || hasCode(he, 'CD-LIFECYCLE', 'entered-in-error')) { return false; }
    return !hasCode(he, 'SNOMED', '716186003');
  }
  function isMedication(service) {
    var content = obj(obj(service).content), lang, m;
    for (lang in content) {
      if (Object.prototype.hasOwnProperty.call(content, lang)) {
        m = obj(content[lang]).medicationValue;
        if (m !== undefined && m !== null) { return true; }
      }
    }
    return false;
  }
  function medicationsOf(contact) {
    var out = { n: 0, byId: {} }, services = contact ? arr(contact.services) : [], i, id;
    for (i = 0; i < services.length; i++) {
      if (!isMedication(services[i])) { continue; }
      id = obj(services[i]).id;
      id = typeof id === 'string' && id !== '' ? id : '#' + String(i);
      if (!Object.prototype.hasOwnProperty.call(out.byId, 'k' + id)) { out.n++; }
      out.byId['k' + id] = canonical(services[i]);
    }
    return out;
  }
  function medicationsChanged(next, prev) {
    var a = medicationsOf(next), b = medicationsOf(prev), k;
    if (a.n !== b.n) { return true; }
    for (k in a.byId) {
      if (Object.prototype.hasOwnProperty.call(a.byId, k) && a.byId[k] !== b.byId[k]) { return true; }
    }
    return false;
  }
  function roleOf(roles) {
    var found = null, i, name, role;
    for (i = 0; i < roles.length; i++) {
      if (typeof roles[i] !== 'string' || roles[i].indexOf(${JSON.stringify(ROLE_PREFIX)}) !== 0) { continue; }
      name = roles[i].slice(${ROLE_PREFIX.length});
      role = ROLES.indexOf(name) !== -1 ? name : 'secretary';
      if (found === null || ROLES.indexOf(role) > ROLES.indexOf(found)) { found = role; }
    }
    return found === null ? 'doctor' : found;
  }
  function typeOf(doc) { return doc ? String(doc.type) : ''; }
  function writable(role, type) { return role !== 'secretary' || ADMINISTRATIVE.indexOf(type) !== -1; }
  function roleProblem(role, next, old) {
    var ts = [typeOf(old), typeOf(next)], i, type;
    for (i = 0; i < ts.length; i++) {
      if (ts[i] !== '' && !writable(role, ts[i])) { return 'A ' + role + ' may not write ' + ts[i] + ' records.'; }
    }
    type = next ? typeOf(next) : typeOf(old);
    if (type === 'conflictResolution' && next && role === 'secretary' &&
        ADMINISTRATIVE_RECORDS.indexOf(String(next.docType)) === -1) {
      return 'A ' + role + ' may not write ' + String(next.docType) + ' records.';
    }
    if (type === 'patient' && next && role === 'secretary' && canonical(next.note) !== canonical(old ? old.note : undefined)) {
      return ${reason(REASONS.note)};
    }
    if (type === 'healthElement' && role === 'nurse' && isOpenProblem(old) && !isOpenProblem(next)) {
      return ${reason(REASONS.closeProblem)};
    }
    if (type === 'contact' && role === 'nurse' && (next ? medicationsChanged(next, old) : medicationsOf(old).n > 0)) {
      return ${reason(REASONS.medication)};
    }
    if (type === 'user' && role !== 'doctor') {
      if (!next || next.login !== next.author) { return ${reason(REASONS.otherUser)}; }
      if (canonical(next.roles === undefined ? [] : next.roles) !==
          canonical(old ? (old.roles === undefined ? [] : old.roles) : [])) { return ${reason(REASONS.userRoles)}; }
    }
    return null;
  }

  var roles = userCtx && isArr(userCtx.roles) ? userCtx.roles : [];
  var old = oldDoc && oldDoc._deleted !== true ? oldDoc : null;
  var deleted = newDoc._deleted === true;
  var role, problem;
  if (old && old.type === 'accessLog') {
    if (deleted) { deny(${reason(REASONS.accessLogDeleted)}); }
    if (canonical(body(newDoc)) !== canonical(body(old))) { deny(${reason(REASONS.accessLogChanged)}); }
  }
  if (roles.indexOf('_admin') !== -1) { return; }
  role = roleOf(roles);
  if (deleted) {
    problem = old ? roleProblem(role, null, old) : null;
    if (problem) { deny(problem); }
    return;
  }
  if (typeof newDoc.type !== 'string' || TYPES.indexOf(newDoc.type) === -1) {
    deny('Unknown or missing document type: ' + JSON.stringify(newDoc.type === undefined ? null : newDoc.type) + '.');
  }
  if (!userCtx || !userCtx.name || newDoc.author !== userCtx.name) {
    deny('The author of a document must be the user writing it.');
  }
  if (newDoc.type === 'accessLog' && !old && newDoc.user !== newDoc.author) { deny(${reason(REASONS.accessLogOwner)}); }
  problem = roleProblem(role, newDoc, old);
  if (problem) { deny(problem); }
}`;
